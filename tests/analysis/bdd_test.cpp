// Unit tests of the BDD manager's questions that build nothing: meet() must
// agree with building the conjunction and asking whether it is false.
#define BOOST_TEST_MODULE bdd
#include <boost/test/unit_test.hpp>

#include "analysis/bdd.hpp"
#include "tests/support/policy_generator.hpp"

using proviso::analysis::Bdd;

namespace {

// A random function of `vars` variables, built from a few random clauses.
Bdd::Ref random_function(Bdd& bdd, proviso::testing::Random& random, std::uint32_t vars) {
  Bdd::Ref result = random.chance(0.5) ? Bdd::zero : Bdd::one;
  const auto terms = 1 + random.below(4);
  for (std::uint64_t t = 0; t < terms; ++t) {
    Bdd::Ref term = Bdd::one;
    const auto width = 1 + random.below(3);
    for (std::uint64_t k = 0; k < width; ++k) {
      const auto v = static_cast<Bdd::Var>(random.below(vars));
      term = bdd.conjoin(term, random.chance(0.5) ? bdd.var(v) : bdd.not_var(v));
    }
    result = random.chance(0.5) ? bdd.disjoin(result, term) : bdd.conjoin(result, bdd.negate(term));
  }
  return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(meet_agrees_with_the_built_conjunction) {
  Bdd bdd;
  proviso::testing::Random random(42);
  std::size_t satisfiable = 0;
  for (int round = 0; round < 3000; ++round) {
    const Bdd::Ref f = random_function(bdd, random, 8);
    const Bdd::Ref g = random_function(bdd, random, 8);
    const Bdd::Ref h = random_function(bdd, random, 8);
    const bool not_h = random.chance(0.5);
    const Bdd::Ref built = bdd.conjoin(bdd.conjoin(f, g), not_h ? bdd.negate(h) : h);
    const std::size_t nodes = bdd.size();
    BOOST_TEST(bdd.meet(f, g, h, not_h) == Bdd::satisfiable(built));
    BOOST_TEST(bdd.meet(g, f, h, not_h) == Bdd::satisfiable(built));
    BOOST_TEST(bdd.size() == nodes);  // nothing built
    satisfiable += Bdd::satisfiable(built) ? 1 : 0;
  }
  // Both answers are common, so both were tested.
  BOOST_TEST(satisfiable > 300u);
  BOOST_TEST(satisfiable < 2700u);
}

BOOST_AUTO_TEST_CASE(meet_with_constants) {
  Bdd bdd;
  const Bdd::Ref x = bdd.var(0);
  BOOST_TEST(bdd.meet(x, Bdd::one));
  BOOST_TEST(!bdd.meet(x, Bdd::zero));
  BOOST_TEST(!bdd.meet(x, bdd.not_var(0)));
  BOOST_TEST(!bdd.meet(x, Bdd::one, x, true));
  BOOST_TEST(bdd.meet(x, Bdd::one, Bdd::zero, true));
  BOOST_TEST(!bdd.meet(x, Bdd::one, Bdd::one, true));
  BOOST_TEST(bdd.meet(Bdd::one, Bdd::one, x, true));
}
