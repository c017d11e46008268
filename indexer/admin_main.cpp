// @brief kindred-admin: maintainers, moderators and their tokens, and the audit log, in
// the store (core/store/store.h). A thin main: parse, call the store, print.
#include <iostream>
#include <string>
#include <vector>

#include "core/store/store.h"
#include "indexer/admin_backup.h"

namespace {

using namespace kindred;

const char* kUsage =
    "usage: kindred-admin --store FILE COMMAND [args]\n"
    "  add-maintainer NAME [--org ORGANIZATION]... [--listing ID]...\n"
    "                      a maintainer who may change those organisations' listings (exact\n"
    "                      organization.name) and those listing ids; prints a token, once\n"
    "  add-moderator NAME  a moderator (reviews everything); prints a token, once\n"
    "  grant NAME [--org ORGANIZATION]... [--listing ID]...   widen a maintainer's scope\n"
    "  new-token NAME      another token for NAME; prints it, once\n"
    "  revoke-token TOKEN_ID   revoke one token (its id is shown by `list`)\n"
    "  revoke NAME         revoke NAME and every token NAME has\n"
    "  list                people, their scopes and tokens (ids only; never the secrets)\n"
    "  audit [--after ID] [--format jsonl|tsv]   export the audit log\n"
    "  backup DIR [--index INDEX]   copy the store and the live index (default var/index) into the new\n"
    "                      directory DIR, while the server runs\n"
    "  restore DIR [--index INDEX]  bring the store (FILE) and the index back from DIR; neither may exist\n"
    "exit status: 0 done; 1 error\n";

int fail(const Error& e) {
  std::cerr << "kindred-admin: " << e.message << "\n";
  return 1;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string tsv_field(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

void print_token(const NewToken& t) {
  std::cout << "token for " << t.principal.name << " (" << role_name(t.principal.role) << "), id " << t.token_id
            << ":\n"
            << t.token << "\n"
            << "It is shown only now: hand it over safely. Only its hash is stored.\n";
}

int run(Store& store, const std::string& command, const std::vector<std::string>& args) {
  auto scoped = [&](size_t from, std::vector<std::string>& orgs, std::vector<std::string>& ids) -> bool {
    for (size_t i = from; i < args.size(); ++i) {
      if ((args[i] == "--org" || args[i] == "--listing") && i + 1 < args.size()) {
        (args[i] == "--org" ? orgs : ids).push_back(args[i + 1]);
        ++i;
      } else {
        std::cerr << "kindred-admin: unexpected argument " << args[i] << "\n";
        return false;
      }
    }
    return true;
  };
  if ((command == "add-maintainer" || command == "grant") && !args.empty()) {
    std::vector<std::string> orgs, ids;
    if (!scoped(1, orgs, ids)) return 1;
    if (orgs.empty() && ids.empty()) {
      std::cerr << "kindred-admin: give at least one --org or --listing\n";
      return 1;
    }
    if (command == "grant") {
      if (Status s = store.grant(args[0], orgs, ids); !s) return fail(s.error());
      std::cout << "granted\n";
      return 0;
    }
    auto t = store.add_principal(args[0], Role::kMaintainer, orgs, ids);
    if (!t) return fail(t.error());
    print_token(*t);
    return 0;
  }
  if (command == "add-moderator" && args.size() == 1) {
    auto t = store.add_principal(args[0], Role::kModerator, {}, {});
    if (!t) return fail(t.error());
    print_token(*t);
    return 0;
  }
  if (command == "new-token" && args.size() == 1) {
    auto t = store.new_token(args[0]);
    if (!t) return fail(t.error());
    print_token(*t);
    return 0;
  }
  if (command == "revoke-token" && args.size() == 1) {
    if (Status s = store.revoke_token(args[0]); !s) return fail(s.error());
    std::cout << "revoked token " << args[0] << "\n";
    return 0;
  }
  if (command == "revoke" && args.size() == 1) {
    if (Status s = store.revoke_principal(args[0]); !s) return fail(s.error());
    std::cout << "revoked " << args[0] << " and every token of theirs\n";
    return 0;
  }
  if (command == "list" && args.empty()) {
    auto people = store.principals();
    if (!people) return fail(people.error());
    auto tokens = store.tokens();
    if (!tokens) return fail(tokens.error());
    for (const auto& p : *people) {
      std::cout << p.name << "\t" << role_name(p.role) << "\t"
                << (p.revoked_at.empty() ? "active" : "revoked " + p.revoked_at) << "\n";
      for (const auto& o : p.organizations) std::cout << "  org\t" << o << "\n";
      for (const auto& l : p.listing_ids) std::cout << "  listing\t" << l << "\n";
      for (const auto& t : *tokens) {
        if (t.principal != p.name) continue;
        std::cout << "  token\t" << t.token_id << "\tcreated " << t.created_at
                  << (t.revoked_at.empty() ? "" : "\trevoked " + t.revoked_at) << "\n";
      }
    }
    return 0;
  }
  if (command == "audit") {
    int64_t after = 0;
    std::string format = "jsonl";
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--after" && i + 1 < args.size() &&
          args[i + 1].find_first_not_of("0123456789") == std::string::npos && args[i + 1].size() < 16) {
        after = std::stoll(args[++i]);
      } else if (args[i] == "--format" && i + 1 < args.size() && (args[i + 1] == "jsonl" || args[i + 1] == "tsv")) {
        format = args[++i];
      } else {
        std::cerr << "kindred-admin: audit: unexpected argument " << args[i] << "\n" << kUsage;
        return 1;
      }
    }
    if (format == "tsv") std::cout << "id\tat\tactor\taction\tlisting_id\tsubmission_id\tfields\tdetail\n";
    for (;;) {
      auto page = store.audit_log(after, 1000);
      if (!page) return fail(page.error());
      if (page->empty()) break;
      for (const auto& e : *page) {
        if (format == "tsv") {
          std::string fields;
          for (const auto& c : e.changes) fields += (fields.empty() ? "" : ",") + c.field;
          std::cout << e.id << "\t" << e.at << "\t" << tsv_field(e.actor) << "\t" << e.action << "\t" << e.listing_id
                    << "\t" << e.submission_id << "\t" << fields << "\t" << tsv_field(e.detail) << "\n";
        } else {
          std::cout << "{\"id\":" << e.id << ",\"at\":" << json_string(e.at) << ",\"actor\":" << json_string(e.actor)
                    << ",\"action\":" << json_string(e.action) << ",\"listing_id\":" << json_string(e.listing_id)
                    << ",\"submission_id\":" << e.submission_id << ",\"changes\":[";
          for (size_t i = 0; i < e.changes.size(); ++i) {
            const auto& c = e.changes[i];
            std::cout << (i ? "," : "") << "{\"field\":" << json_string(c.field);
            if (!c.old_json.empty()) std::cout << ",\"old\":" << c.old_json;
            if (!c.new_json.empty()) std::cout << ",\"new\":" << c.new_json;
            std::cout << "}";
          }
          std::cout << "],\"detail\":" << json_string(e.detail) << "}\n";
        }
        after = e.id;
      }
    }
    return 0;
  }
  std::cerr << kUsage;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string store_path;
  int i = 1;
  if (argc >= 3 && std::string(argv[1]) == "--store") {
    store_path = argv[2];
    i = 3;
  }
  if (store_path.empty() || i >= argc) {
    std::cerr << kUsage;
    return 1;
  }
  std::string command = argv[i];
  std::vector<std::string> args(argv + i + 1, argv + argc);
  // Before the store is opened: backup must not create a store, restore must not find one.
  if (command == "backup" || command == "restore") {
    std::string index = "var/index";
    if (args.size() == 3 && args[1] == "--index") {
      index = args[2];
    } else if (args.size() != 1) {
      std::cerr << kUsage;
      return 1;
    }
    return command == "backup" ? admin_backup(store_path, index, args[0]) : admin_restore(store_path, index, args[0]);
  }
  auto store = Store::open(store_path);
  if (!store) return fail(store.error());
  return run(**store, command, args);
}
