// SHA-256 (FIPS 180-4), for the compiled policy's fingerprint. Small and
// dependency-free; tested against the standard's test vectors.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace proviso::compile {

class Sha256 {
 public:
  Sha256();
  /// Adds bytes to the message.
  void update(std::string_view bytes);
  /// Finishes and returns the digest as 64 lowercase hex digits.
  std::string hex_digest();

 private:
  void block(const unsigned char* data);
  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace proviso::compile
