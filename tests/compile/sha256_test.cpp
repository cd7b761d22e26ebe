// The fingerprint's hash against FIPS 180-4's examples, fed whole and in
// pieces (the fingerprint streams the tables through it in chunks).
#define BOOST_TEST_MODULE sha256
#include <boost/test/unit_test.hpp>

#include <string>

#include "compile/sha256.hpp"

namespace {

std::string hash(std::string_view text, std::size_t piece) {
  proviso::compile::Sha256 sha;
  for (std::size_t at = 0; at < text.size(); at += piece) sha.update(text.substr(at, piece));
  return sha.hex_digest();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_standard_examples) {
  BOOST_TEST(hash("", 1) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(hash("abc", 1) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  BOOST_TEST(hash(two_blocks, 7) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(hash(std::string(1'000'000, 'a'), 4096) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
