// SHA-256, for the compiled policy's fingerprint: OpenSSL's implementation
// (libcrypto), which uses the processor's SHA instructions where it has
// them; a large policy's tables are tens of megabytes to hash.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace proviso::compile {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  /// Adds bytes to the message.
  void update(std::string_view bytes);
  /// Finishes and returns the digest as 64 lowercase hex digits.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace proviso::compile
