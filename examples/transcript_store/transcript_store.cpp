// transcript-store: a call-transcript store that asks Proviso before it
// touches personal data. It is the example docs/embedding.md quotes, and a
// smoke test: every answer is checked against what aiworksforus's privacy
// policy (shared/seed/aiworksforus-privacy-policy.txt) says it must be, and
// the exit code is 1 when one differs.
//
//   transcript-store [POLICY]   (default: the repository's policies/aiworksforus.policy)
//
// Exit codes: 0 every answer as the policy says; 1 an answer differs, or the
// policy has errors or lacks a name this service uses; 2 the policy file
// cannot be read.
#include <proviso/proviso.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

// The ids of the fields, purposes and recipients this service asks about,
// resolved once at start-up; decide() takes ids, never strings.
// [resolve-once]
struct Names {
  proviso::DataId transcript, email;
  proviso::PurposeId deliver, train, promote;
  proviso::RecipientId hosting;
};

// Takes the id out of a resolution, or says why there is none.
template <typename Id>
bool take(proviso::Result<Id> resolved, Id& id) {
  if (!resolved) {
    std::cerr << "transcript-store: " << resolved.error().message << "\n";
    return false;
  }
  id = *resolved;
  return true;
}

std::optional<Names> resolve(const proviso::Policy& policy) {
  Names n;
  int unknown = 0;  // report every name the policy lacks, not only the first
  unknown += !take(policy.data("calls.transcript"), n.transcript);
  unknown += !take(policy.data("users.email"), n.email);
  unknown += !take(policy.purpose("service.delivery"), n.deliver);
  unknown += !take(policy.purpose("ai.training"), n.train);
  unknown += !take(policy.purpose("marketing.promotional"), n.promote);
  unknown += !take(policy.recipient("processor.infrastructure"), n.hosting);
  if (unknown > 0) return std::nullopt;
  return n;
}
// [/resolve-once]

// A customer as the account service describes them, and the subject built from it.
struct Customer {
  std::string name;
  bool in_us = false;             // §11: primary processing is in the US
  bool in_eu = false;             // §11: EU data may stay in the EU/EEA
  bool marketing_consent = false; // §13
  bool training_opt_out = false;  // §5
  proviso::Subject subject;
};

// What the privacy policy says the answer must be.
struct Expected {
  proviso::Effect effect;
  std::optional<proviso::Basis> basis;
  std::vector<std::string> obligations;
};

int failures = 0;

// Prints a decision the way an audit log would keep it, and checks it
// against what the legal text says.
void report(const proviso::Policy& policy, const std::string& question, const proviso::Request& request,
            const proviso::Decision& d, const Expected& expected) {
  // [read-decision]
  std::cout << "  " << question << ": " << proviso::name_of(d.effect());
  if (const auto basis = d.basis()) std::cout << " under " << proviso::name_of(*basis);
  std::vector<std::string> obligations;
  for (const std::string_view obligation : d.obligations()) obligations.emplace_back(obligation);
  if (!obligations.empty()) {
    std::cout << ", requiring";
    for (const std::string& o : obligations) std::cout << " " << o;
  }
  if (const proviso::RuleInfo* rule = d.rule()) std::cout << " [" << rule->id << ", §" << rule->section << "]";
  std::cout << "\n    why: " << policy.explain(request, d) << "\n";
  // [/read-decision]

  if (d.effect() != expected.effect || d.basis() != expected.basis || obligations != expected.obligations) {
    std::cout << "    MISMATCH: the privacy policy says " << proviso::name_of(expected.effect)
              << (expected.basis ? std::string(" under ") + std::string(proviso::name_of(*expected.basis)) : "")
              << "\n";
    ++failures;
  }
}

// How long a transcript may be kept, and when it must be gone.
void report_retention(const proviso::Policy& policy, const Names& names, const Customer& customer,
                      const std::string& expected_period) {
  // [retention]
  const proviso::RetentionInfo* kept = policy.retention(names.transcript, customer.subject);
  if (kept == nullptr) {
    std::cout << "  keep transcripts: the policy states no retention\n";
    ++failures;
    return;
  }
  std::cout << "  keep transcripts: " << (kept->indefinite ? "indefinitely" : kept->period) << " from " << kept->from;
  for (const std::string& end : kept->until) std::cout << ", or until " << end;
  std::cout << " [" << kept->rule.id << ", §" << kept->rule.section << "]\n";
  for (const proviso::ErasureInfo& erase : policy.erasures(names.transcript, customer.subject)) {
    std::cout << "  erase within " << erase.within << " after " << erase.after
              << (erase.store.empty() ? "" : " from " + erase.store) << " [" << erase.rule.id << "]\n";
  }
  // [/retention]
  if (kept->period != expected_period) {
    std::cout << "    MISMATCH: the privacy policy says " << expected_period << "\n";
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : PROVISO_EXAMPLE_POLICY;

  // Load once at start-up; report every diagnostic; refuse to start on errors.
  // [load]
  const proviso::LoadResult loaded = proviso::load(path);
  if (!loaded) {
    std::cerr << proviso::to_string(loaded.diagnostics());
    return loaded.unreadable() ? 2 : 1;
  }
  std::cerr << proviso::to_string(loaded.diagnostics());  // warnings, if any
  const proviso::Policy& policy = loaded.value();
  std::cout << "policy " << policy.name() << " " << policy.version() << " " << policy.fingerprint() << "\n";
  // [/load]

  const std::optional<Names> names = resolve(policy);
  if (!names) return 1;

  // Subjects: with the builder, or from the JSON the account service sends.
  // [subjects]
  auto acme = policy.subject()
                  .integer("age", 41)
                  .value("region", "eu")
                  .add("consents", "marketing")
                  .add("objections", "ai.training")  // opted out of model training (§5)
                  .build();
  auto globex = policy.subject_from_json(R"({"age": 35, "region": "us"})");
  for (const auto* built : {&acme, &globex}) {
    if (!*built) {
      std::cerr << "transcript-store: " << built->error().message << "\n";
      return 1;
    }
  }
  const std::vector<Customer> customers = {
      {.name = "acme (EU; consents to marketing; opted out of training)",
       .in_eu = true, .marketing_consent = true, .training_opt_out = true, .subject = *acme},
      {.name = "globex (US; no consents, no opt-outs)", .in_us = true, .subject = *globex}};
  // [/subjects]

  using proviso::Basis;
  using proviso::Effect;
  const Expected allow_contract{Effect::allow, Basis::contract, {}};
  const Expected deny{Effect::deny, std::nullopt, {}};

  for (const Customer& c : customers) {
    std::cout << "\n" << c.name << "\n";

    // Processing: may I store this transcript to deliver the service?
    // [decide]
    const proviso::Request store{names->transcript, names->deliver, {}, proviso::Form::identified, &c.subject};
    report(policy, "store the transcript (§4)", store, policy.decide(store), allow_contract);
    // [/decide]

    // Train the model on it: §5 de-identifies first, and honours the opt-out.
    const proviso::Request train{names->transcript, names->train, {}, proviso::Form::identified, &c.subject};
    report(policy, "train the model on it (§5)", train, policy.decide(train),
           c.training_opt_out ? deny : Expected{Effect::allow, Basis::legitimate_interest, {"pseudonymize"}});

    // Email a promotion: §13 "Marketing communications require explicit consent".
    const proviso::Request promo{names->email, names->promote, {}, proviso::Form::identified, &c.subject};
    report(policy, "email a promotion (§13)", promo, policy.decide(promo),
           c.marketing_consent ? Expected{Effect::allow, Basis::consent, {"unsubscribe_option"}} : deny);

    // Sharing: hand the transcript to the cloud host (§6), with §11's
    // safeguards for data from outside the US and EU residency on request.
    Expected hosted{Effect::allow, Basis::contract, {"processor_agreement"}};
    if (!c.in_us) hosted.obligations.push_back("transfer_safeguards");
    if (c.in_eu) hosted.obligations.push_back("data_residency");
    // [share]
    const proviso::Request host{names->transcript, names->deliver, names->hosting, proviso::Form::identified,
                                &c.subject};
    report(policy, "keep it with the infrastructure processor (§6)", host, policy.decide(host), hosted);
    // [/share]

    // §7 "Communication Logs: Retained for 3 years".
    report_retention(policy, *names, c, "P3Y");
  }

  // A nightly job asks the same question for many customers at once.
  // [batch]
  std::vector<proviso::Request> requests;
  for (const Customer& c : customers) {
    requests.push_back({names->transcript, names->train, {}, proviso::Form::pseudonymized, &c.subject});
  }
  std::vector<proviso::Decision> decisions(requests.size());
  policy.decide(requests, decisions);
  // [/batch]
  std::cout << "\nnightly training batch: ";
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    std::cout << (i ? ", " : "") << proviso::name_of(decisions[i].effect());
  }
  std::cout << "\n";
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    if (decisions[i].allowed() == customers[i].training_opt_out) ++failures;  // the opt-out holds in batches too
  }

  std::cout << (failures == 0 ? "\nevery answer is what the privacy policy says\n"
                              : "\n" + std::to_string(failures) + " answer(s) differ from the privacy policy\n");
  return failures == 0 ? EXIT_SUCCESS : 1;
}
