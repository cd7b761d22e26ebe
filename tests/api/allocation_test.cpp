// The hot path allocates nothing. This executable links the heap meter
// (tests/support/heap_meter.hpp), which replaces every global operator new
// and delete with versions that count allocations; it sets up
// everything a service would set up at start-up (the seed policy loaded, its
// names resolved, subjects built, request and decision arrays sized) outside
// the counted region, and then makes well over 100,000 decisions inside it —
// every decide() form and Policy::retention(), over every data leaf and
// purpose leaf, several recipients, every form and several subjects, so the
// region holds allows with obligations and retention, denies, default denies
// and invalid requests — and requires the count to be exactly zero.
//
// A count of zero would also be what a counter that never counts reports, so
// the control tests check that the same helper sees allocations made inside
// its region through each replaced operator.
#define BOOST_TEST_MODULE allocation
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "proviso/proviso.hpp"
#include "tests/support/heap_meter.hpp"

namespace {

using namespace proviso;

// How many allocations `body` makes. Nothing else may run in between, so
// Boost.Test assertions (which allocate) stay outside every body.
template <typename Body>
std::uint64_t allocations_during(Body&& body) {
  return testing::heap::measure(body).allocations;
}

// Keeps the compiler from proving an allocation unused and removing it.
void* volatile sink = nullptr;

struct alignas(64) CacheLine {
  unsigned char bytes[64];
};

const std::string seed_path = std::string(PROVISO_SOURCE_DIR) + "/policies/aiworksforus.policy";

// Every leaf a resolver accepts, found through the public API: leaf ids are
// dense from 0, and each one's name resolves back to it.
template <typename Id, typename Resolve>
std::vector<Id> every_leaf(const Policy& policy, Resolve resolve) {
  std::vector<Id> ids;
  for (std::uint32_t leaf = 0;; ++leaf) {
    const auto resolved = resolve(policy.name_of(Id{leaf}));
    if (!resolved || resolved.value().leaf != leaf) break;
    ids.push_back(resolved.value());
  }
  return ids;
}

Subject build(SubjectBuilder builder) {
  auto subject = builder.build();
  BOOST_TEST_REQUIRE(subject.ok(), (subject.ok() ? std::string() : subject.error().message));
  return std::move(subject).value();
}

// What the counted region saw, in plain counters (no allocation to record).
struct Tally {
  std::uint64_t decisions = 0;
  std::array<std::uint64_t, 4> by_reason{};  // indexed by Reason
  std::uint64_t allows_with_obligations = 0;
  std::uint64_t allows_with_retention = 0;
  std::uint64_t retention_lookups = 0;
  std::uint64_t retention_found = 0;

  void record(const Decision& d) noexcept {
    ++decisions;
    ++by_reason[static_cast<std::size_t>(d.reason())];
    if (d.allowed() && !d.obligations().empty()) ++allows_with_obligations;
    if (d.allowed() && d.retention() != nullptr) ++allows_with_retention;
  }
  std::uint64_t count(Reason reason) const { return by_reason[static_cast<std::size_t>(reason)]; }
};

// Everything a service sets up at start-up, made before counting begins.
struct Setup {
  LoadResult loaded = load(seed_path);
  // Another policy: its subjects are foreign here. (A second load of the
  // same text would not do: it compiles to the same tables, whose subjects
  // are valid in both.)
  LoadResult other = load_string("data { x } purposes { p } subject { age: int = 18; }\n"
                                 "@section(\"1\") allow x for p under contract; @section(\"1\") retain x for 1 year;",
                                 "other.policy");
  const Policy& policy() const { return loaded.value(); }

  std::vector<DataId> data;
  std::vector<PurposeId> purposes;
  std::vector<RecipientId> recipients;
  std::vector<Subject> subjects;
  Subject foreign;    // built by `other`
  Subject unbuilt;    // default-constructed: belongs to no policy
  std::vector<Request> requests;
  std::vector<Decision> decisions;

  Setup() {
    BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
    BOOST_TEST_REQUIRE(other.ok());
    const Policy& p = policy();
    data = every_leaf<DataId>(p, [&](const std::string& n) { return p.data(n); });
    purposes = every_leaf<PurposeId>(p, [&](const std::string& n) { return p.purpose(n); });
    for (const char* name : {"processor.infrastructure", "processor.payment", "processor.communication",
                             "partner.advertising", "partner.api_marketplace", "authority.court", "public"}) {
      recipients.push_back(p.recipient(name).value());
    }
    subjects.push_back(build(p.subject()));                                  // every default: an adult
    subjects.push_back(build(p.subject().integer("age", 14)));               // a child (§12)
    subjects.push_back(build(p.subject()                                     // consents to everything
                                 .value("region", "eu")
                                 .flag("enterprise", true)
                                 .add("consents", "marketing")
                                 .add("consents", "cookies")
                                 .add("consents", "api_partners")
                                 .add("consents", "service_improvement")
                                 .add("consents", "social_connect")));
    subjects.push_back(build(p.subject()                                     // objects, restricts, DNT
                                 .value("region", "us_ca")
                                 .add("objections", "marketing")
                                 .add("objections", "ai.training")
                                 .flag("dnt", true)
                                 .flag("restricted", true)));
    subjects.push_back(build(p.subject().value("account", "terminated").add("consents", "marketing")));
    foreign = build(other.value().subject());

    // The batch: every cell for every subject, processing and each sharing
    // question, plus requests that must come back invalid.
    for (const Subject& subject : subjects) {
      for (const DataId d : data) {
        for (const PurposeId purpose : purposes) {
          requests.push_back({d, purpose, {}, Form::identified, &subject});
          for (const RecipientId r : recipients) requests.push_back({d, purpose, r, Form::pseudonymized, &subject});
        }
      }
    }
    for (const DataId d : data) {
      requests.push_back({d, purposes.front(), {}, Form::identified, nullptr});
      requests.push_back({d, purposes.front(), {}, Form::identified, &foreign});
      requests.push_back({d, PurposeId{}, {}, Form::identified, &subjects.front()});
    }
    decisions.resize(requests.size());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(control)

BOOST_AUTO_TEST_CASE(the_counter_sees_each_replaced_operator_new_inside_the_region) {
  // If the replacements were not in effect (another library's operator new
  // winning), every count below would be 0 and the main test would prove nothing.
  BOOST_TEST(allocations_during([] {
               sink = ::operator new(32);
               ::operator delete(sink);
             }) == 1u);
  BOOST_TEST(allocations_during([] {
               sink = new int[8];
               delete[] static_cast<int*>(sink);
             }) == 1u);
  BOOST_TEST(allocations_during([] {
               sink = new (std::nothrow) int(7);
               delete static_cast<int*>(sink);
             }) == 1u);
  BOOST_TEST(allocations_during([] {
               sink = new CacheLine;
               delete static_cast<CacheLine*>(sink);
             }) == 1u);
  BOOST_TEST(allocations_during([] {
               sink = new CacheLine[2];
               delete[] static_cast<CacheLine*>(sink);
             }) == 1u);
}

BOOST_AUTO_TEST_CASE(the_meter_sees_the_bytes_held_at_the_peak_and_their_release) {
  // The benchmarks report peak memory from the same meter.
  const std::int64_t held_before = testing::heap::bytes_held();
  const auto usage = testing::heap::measure([] {
    std::vector<char> first(1 << 20);
    {
      std::vector<char> second(1 << 20);
      sink = second.data();
    }
    std::vector<char> third(1 << 19);  // fits in what `second` gave back: no new peak
    sink = first.data();
    sink = third.data();
  });
  BOOST_TEST(usage.allocations == 3u);
  BOOST_TEST(usage.peak_bytes >= std::int64_t{2 << 20});
  BOOST_TEST(usage.peak_bytes < std::int64_t{(2 << 20) + (1 << 19)});
  BOOST_TEST(testing::heap::bytes_held() == held_before);
}

BOOST_AUTO_TEST_CASE(the_counter_sees_allocations_made_by_the_library) {
  // The library allocates where it is allowed to (building a subject,
  // explaining a decision); the counter must see those through the same helper.
  Setup setup;
  const Policy& policy = setup.policy();
  BOOST_TEST(allocations_during([&] {
               const auto built = policy.subject().integer("age", 40).build();
               sink = const_cast<void*>(static_cast<const void*>(&built));
             }) > 0u);
  const Request request{setup.data.front(), setup.purposes.front(), {}, Form::identified, &setup.subjects.front()};
  const Decision decision = policy.decide(request);
  BOOST_TEST(allocations_during([&] {
               const std::string sentence = policy.explain(request, decision);
               sink = const_cast<char*>(sentence.data());
             }) > 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hot_path)

BOOST_AUTO_TEST_CASE(every_decide_form_and_retention_allocate_nothing) {
  Setup setup;
  const Policy& policy = setup.policy();
  BOOST_TEST_REQUIRE(setup.data.size() >= 50u);      // the seed's data leaves, every one
  BOOST_TEST_REQUIRE(setup.purposes.size() >= 30u);  // and its purpose leaves

  Tally tally;
  const std::uint64_t allocations = allocations_during([&] {
    for (const Subject& subject : setup.subjects) {
      for (const DataId data : setup.data) {
        for (const PurposeId purpose : setup.purposes) {
          // Processing, in every form.
          for (const Form form : all_forms) tally.record(policy.decide(data, purpose, subject, form));
          // Sharing, with every recipient.
          for (const RecipientId recipient : setup.recipients) {
            tally.record(policy.decide(data, purpose, recipient, subject, Form::identified));
          }
          // The same question as a Request, once processing and once sharing.
          tally.record(policy.decide(Request{data, purpose, {}, Form::aggregated, &subject}));
          tally.record(policy.decide(Request{data, purpose, setup.recipients.front(), Form::anonymized, &subject}));
        }
        for (const Form form : all_forms) {
          ++tally.retention_lookups;
          if (policy.retention(data, subject, form) != nullptr) ++tally.retention_found;
        }
      }
    }
    // Requests that do not belong to this policy: denied, and still no allocation.
    for (const DataId data : setup.data) {
      const PurposeId purpose = setup.purposes.front();
      tally.record(policy.decide(data, purpose, setup.foreign));
      tally.record(policy.decide(data, purpose, setup.unbuilt));
      tally.record(policy.decide(data, PurposeId{}, setup.subjects.front()));
      tally.record(policy.decide(DataId{}, purpose, setup.subjects.front()));
      tally.record(policy.decide(data, purpose, RecipientId{}, setup.subjects.front()));
      tally.record(policy.decide(data, purpose, setup.subjects.front(), static_cast<Form>(9)));
      tally.record(policy.decide(Request{data, purpose, {}, Form::identified, nullptr}));
      ++tally.retention_lookups;
      if (policy.retention(data, setup.foreign) != nullptr) ++tally.retention_found;
    }
    // The batch form, over every request built at start-up.
    policy.decide(setup.requests, setup.decisions);
    for (const Decision& d : setup.decisions) tally.record(d);
  });

  BOOST_TEST(allocations == 0u);
  // The region really held the mix the claim is about.
  BOOST_TEST(tally.decisions >= 100'000u);
  BOOST_TEST(tally.count(Reason::allowed) > 0u);
  BOOST_TEST(tally.allows_with_obligations > 0u);
  BOOST_TEST(tally.allows_with_retention > 0u);
  BOOST_TEST(tally.count(Reason::denied_by_rule) > 0u);
  BOOST_TEST(tally.count(Reason::default_deny) > 0u);
  BOOST_TEST(tally.count(Reason::invalid_request) >= 7 * setup.data.size());
  BOOST_TEST(tally.retention_found > 0u);
  BOOST_TEST(tally.retention_found < tally.retention_lookups);  // some data has none (invalid subjects)
  BOOST_TEST_MESSAGE("decisions in the counted region: " << tally.decisions);
}

BOOST_AUTO_TEST_SUITE_END()
