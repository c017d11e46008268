// @brief The shipped crisis list (data/crisis-phrases.json) judged against whole sentences
// as people type them into the search box, once, on a phone, in English, Spanish or
// French: lower case, no accents, typos, stretched letters, words around the phrase. Each
// sentence that signals danger to self must flag the search; each everyday peer-support
// search must not; and the false flags the list accepts for its recall are written down.
//
// A sentence here names no phrase: it holds whichever phrase catches it. A phrase of the
// list is matched word for word (one edit of slack only on words of five letters or
// more), so every inflection is its own phrase, and a sentence that shows one goes here.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/search/crisis.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

struct Sentence {
  const char* language;
  const char* text;
};

// Danger to self: the crisis line must come first.
const Sentence kDanger[] = {
    // Caught by the list before its review (kept phrases).
    {"en", "i keep thinking about ending it all"},  // a page audit's sentence, missed once
    {"en", "i just want to end my life tonight"},
    {"en", "i want to kill myselfff"},
    {"en", "having suicdal thoughts again"},
    {"en", "i dont want to live anymore"},
    {"en", "i wanna dieeee"},
    {"en", "been self harming again"},
    {"en", "i took too many pills"},
    {"es", "me quiero morir ya"},
    {"es", "ya no quiero vivir"},
    {"es", "pensando en suicidarme otra vez"},
    {"fr", "j'ai envie de mourir"},
    {"fr", "je veux me tuer"},
    {"fr", "je veux en finir"},

    // English, added by the review: each missed by the list before it.
    // Killing oneself, in the persons and spellings people use, and its algospeak.
    {"en", "i almost killed myself last night"},
    {"en", "i kil myself in my head every night"},
    {"en", "how to kill yourself painlessly"},
    {"en", "i just want to end myself"},
    {"en", "i want to kms"},
    {"en", "im gonna kms fr"},
    {"en", "ppl at school keep telling me to kys"},
    {"en", "i want to off myself"},
    {"en", "thinking about unaliving"},
    {"en", "sewerslide thoughts again"},
    {"en", "s*icide hotline"},
    // Ending it; wanting to die, to be dead, not to live, not to wake up, to disappear.
    {"en", "i just want to end it"},
    {"en", "im going to end it tonight"},
    {"en", "my son wants to die"},
    {"en", "i have wanted to die for years"},
    {"en", "i want 2 die"},
    {"en", "i wanna be dead"},
    {"en", "id rather be dead than go on like this"},
    {"en", "i wish i could die in my sleep"},
    {"en", "please just let me die"},
    {"en", "i deserve to die"},
    {"en", "easiest way to die"},
    {"en", "how many pills to die"},
    {"en", "i dont wanna live anymore"},
    {"en", "i do not want to live anymore"},
    {"en", "i no longer want to live"},
    {"en", "my daughter doesnt want to live"},
    {"en", "i dont want to exist anymore"},
    {"en", "i just want to not be here anymore"},
    {"en", "everyone would be better off without me"},
    {"en", "nobody would miss me if i was gone"},
    {"en", "i wish i was never born"},
    {"en", "i dont want to wake up tomorrow"},
    {"en", "i want to go to sleep and never wake up"},
    {"en", "i want to disappear forever"},
    {"en", "i want to dissapear"},
    {"en", "life is not worth living"},
    {"en", "i have lost the will to live"},
    {"en", "im so tired of livingg"},
    {"en", "i am done with life"},
    {"en", "i want it all to end"},
    {"en", "i cant take it anymore"},
    {"en", "i cant do this anymore"},
    // Methods, in the first person.
    {"en", "thinking of how to tie a noose"},
    {"en", "i want to put a gun to my head"},
    {"en", "i want to jump off the bridge"},
    {"en", "im going to jump off a building"},
    {"en", "i want to throw myself in front of a train"},
    {"en", "i might walk into traffic"},
    {"en", "i want to od on my pills"},
    {"en", "i took all my pills"},
    {"en", "lethal dose of tylenol"},
    // Self-harm.
    {"en", "i self harmed last night"},
    {"en", "slef harm help"},
    {"en", "my teen is self injuring"},
    {"en", "self mutilation"},
    {"en", "nssi support"},
    {"en", "i want to cut my wrists"},
    {"en", "i want to slit my wrists"},
    {"en", "i keep cutting my arms"},
    {"en", "i keep burning myself with a lighter"},
    {"en", "i harmed myself again"},
    // Asking for the line itself.
    {"en", "crisis line"},

    // Spanish, added by the review: each missed by the list before it.
    {"es", "me quiero matar ya no aguanto"},
    {"es", "me voy a matar"},
    {"es", "kiero morir"},
    {"es", "ya no kiero vivir"},
    {"es", "tengo ganas de morirme"},
    {"es", "quisiera morirme"},
    {"es", "quiero estar muerta"},
    {"es", "estaria mejor muerto"},
    {"es", "no quiero despertar manana"},
    {"es", "quiero dormir para siempre"},
    {"es", "quiero desaparecer"},
    {"es", "quiero dejar de existir"},
    {"es", "ya no tengo ganas de vivir"},
    {"es", "no tengo razones para vivir"},
    {"es", "la vida no tiene sentido"},
    {"es", "estoy cansada de vivir"},
    {"es", "ya no aguanto mas"},
    {"es", "todos estarian mejor sin mi"},
    {"es", "mi hermano se quito la vida"},
    {"es", "me quiero quitar la vida"},
    {"es", "quiero acabar con todo"},
    {"es", "quiero ponerle fin a mi vida"},
    {"es", "quiero ahorcarme"},
    {"es", "pensando en pegarme un tiro"},
    {"es", "quiero tirarme de un puente"},
    {"es", "me quiero tirar por la ventana"},
    {"es", "quiero tomarme todas las pastillas"},
    {"es", "me corto las venas"},
    {"es", "me sigo cortando los brazos"},
    {"es", "me hago dano a proposito"},
    {"es", "quiero lastimarme"},
    {"es", "quiero autolesionarme"},
    {"es", "auto lesiones en adolescentes"},

    // French, added by the review: each missed by the list before it.
    {"fr", "j'ai envie d'en finir"},  // "d'en" folds to "den": "en finir" alone missed it
    {"fr", "j'ai envie de me foutre en l'air"},
    {"fr", "je vais me foutre en l air"},
    {"fr", "je veux me pendre"},
    {"fr", "je vais me tirer une balle"},
    {"fr", "je veux me jeter sous un train"},
    {"fr", "je vais sauter d'un pont"},
    {"fr", "mon fils veut mourir"},
    {"fr", "je veut mourir"},
    {"fr", "j'veux mourir"},
    {"fr", "je voudrais mourir"},
    {"fr", "j'ai envie de crever"},
    {"fr", "je veux plus vivre"},
    {"fr", "j'en ai marre de la vie"},
    {"fr", "je veux disparaitre"},
    {"fr", "je voudrais ne plus me reveiller"},
    {"fr", "tout le monde serait mieux sans moi"},
    {"fr", "je veux mettre fin a ma vie"},
    {"fr", "mon frere a mis fin a ses jours"},
    {"fr", "j'ai des idees noires"},
    {"fr", "je me fais du mal"},
    {"fr", "je veux me couper"},
    {"fr", "m'ouvrir les veines"},
    {"fr", "je vais me tue"},
    {"fr", "je vais me buter"},
    {"fr", "j'ai fait une ts"},
    {"fr", "je veux avaler tous mes cachets"},
    {"fr", "m'automutiler"},
};

// Everyday searches of a peer-support directory, near the crisis words: no flag.
const Sentence kSafe[] = {
    {"en", "harm reduction group"},
    {"en", "harm reduction services near me"},
    {"en", "cutting down on drinking"},
    {"en", "started cutting down on sugar"},
    {"en", "death cafe near portland"},
    {"en", "grief group after my dad died"},
    {"en", "my mom died last year and i need support"},
    {"en", "overeaters anonymous"},
    {"en", "dying matters week"},
    {"en", "support for people who self medicate"},
    {"en", "bipolar groups within 5 kms of sydney"},
    {"en", "walking group 10 kms"},
    {"en", "narcotics anonymous meeting tonight"},
    {"en", "naloxone training"},
    {"en", "self care for caregivers"},
    {"en", "end of life care support"},
    {"en", "a life worth living dbt skills group"},
    {"en", "pill addiction support"},
    {"en", "gun violence survivors group"},
    {"en", "i never wake up rested"},
    {"en", "i dont feel like doing anything"},
    {"en", "hang out with other new moms"},
    {"en", "bridge club for seniors"},
    {"en", "taking the pressure off myself"},
    {"en", "dont want to drink anymore"},
    {"en", "killing time before my meeting"},
    {"es", "grupo de duelo por mi padre"},
    {"es", "reduccion de danos"},
    {"es", "quiero dejar de beber"},
    {"es", "quiero vivir sin alcohol"},
    {"es", "apoyo para cuidadores cansados"},
    {"es", "estoy mejor sin mi ex"},
    {"es", "tirar el dinero por la ventana"},
    {"fr", "groupe de deuil"},
    {"fr", "arreter de boire"},
    {"fr", "accompagnement en fin de vie"},
    {"fr", "retrouver l'envie de vivre"},
    {"fr", "je veux creer un groupe de parole"},
    {"fr", "couper les ponts avec ma famille"},
    // One edit from a phrase word, but named in the list's everyday_words, so read as typed.
    {"fr", "je veux me prendre en main"},                           // me pendre
    {"fr", "je vais me rendre au groupe de parole"},                // me pendre
    {"fr", "groupe de course pour ceux qui ont envie de courir"},   // envie de mourir
    {"fr", "atelier pour ceux qui ont envie de creer"},             // envie de crever
    {"fr", "je dois me sacrifier pour ma famille"},                 // me scarifier
    {"en", "putting myself first"},                                 // cutting myself
    {"en", "tips for making my life less stressful"},               // taking my life
    {"en", "caregiver tired of giving"},                            // tired of living
    {"en", "burying myself in work"},                               // burning myself
    {"en", "i turned myself in and now i need support"},            // burned myself
};

// Searches that are not about danger but are flagged all the same: the price of listing
// every form of a phrase (and of one edit of slack on long words). Each is written down
// so that the choice is seen; a crisis flag only puts the crisis line first and support
// offerings before trainings.
const Sentence kAcceptedFlags[] = {
    // "en finir" narrowed to "envie d'en finir" and "veux en finir" would miss "en finir ce
    // soir", "comment en finir", "besoin d'en finir"...: kept whole.
    {"fr", "en finir avec l'alcool"},
    // "take my life" is the phrase, whatever follows it.
    {"en", "how to take my life back from anxiety"},
    // One edit from "me quiero matar": a threat from someone else, where a crisis line helps too.
    {"es", "mi pareja me quiere matar"},
};

}  // namespace

TEST_CASE("crisis sentences: danger to self, as typed in English, Spanish and French, is flagged", "[crisis]") {
  const CrisisPhrases& c = test::crisis_phrases();
  std::map<std::string, int> per_language;
  for (const Sentence& s : kDanger) {
    INFO(s.language << ": \"" << s.text << "\"");
    CHECK(c.matches(s.text));
    ++per_language[s.language];
  }
  CHECK(per_language["en"] >= 40);
  CHECK(per_language["es"] >= 20);
  CHECK(per_language["fr"] >= 20);
}

TEST_CASE("crisis sentences: everyday peer-support searches are not flagged", "[crisis]") {
  const CrisisPhrases& c = test::crisis_phrases();
  for (const Sentence& s : kSafe) {
    INFO(s.language << ": \"" << s.text << "\"");
    CHECK_FALSE(c.matches(s.text));
  }
}

TEST_CASE("crisis sentences: the false flags the list accepts for its recall", "[crisis]") {
  const CrisisPhrases& c = test::crisis_phrases();
  for (const Sentence& s : kAcceptedFlags) {
    INFO(s.language << ": \"" << s.text << "\"");
    CHECK(c.matches(s.text));
  }
}
