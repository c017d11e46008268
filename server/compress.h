// @brief Whole-buffer compression for static files: gzip (zlib) and Brotli, at their
// strongest settings, because each file is compressed once and then served many times.
#pragma once

#include <string>
#include <string_view>

namespace kindred::http {

// A gzip member (RFC 1952) holding `bytes`; "" when zlib fails.
std::string gzip_compress(std::string_view bytes);

// A Brotli stream (RFC 7932) holding `bytes`; "" when the encoder fails.
std::string brotli_compress(std::string_view bytes);

}  // namespace kindred::http
