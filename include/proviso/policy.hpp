/// @file
/// A loaded, checked and compiled policy, and the questions it answers.
///
/// Load once at start-up, resolve the names your service uses to ids once,
/// then call decide() as often as you like from any number of threads:
/// it does not allocate, lock or throw.
///
/// @code
///   auto loaded = proviso::load("policies/aiworksforus.policy");
///   if (!loaded) { std::cerr << proviso::to_string(loaded.diagnostics()); return 1; }
///   const proviso::Policy& policy = loaded.value();
///   const auto email = policy.data("users.email").value();
///   const auto promo = policy.purpose("marketing.promotional").value();
///   const auto subject = policy.subject().integer("age", 34).add("consents", "marketing").build().value();
///   proviso::Decision d = policy.decide(email, promo, subject);
///   if (d.allowed()) { /* d.basis(), d.obligations(), d.retention(), d.rule() */ }
/// @endcode
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proviso/decision.hpp"
#include "proviso/diagnostic.hpp"
#include "proviso/result.hpp"
#include "proviso/subject.hpp"
#include "proviso/types.hpp"

namespace proviso {

namespace detail {
struct PolicyData;
struct PolicyLoader;
}  // namespace detail

/// A data leaf of the policy (named directly or through a field).
struct DataId {
  std::uint32_t leaf = UINT32_MAX;  ///< leaf index in the data vocabulary
  std::uint64_t policy = 0;         ///< the compiled policy it belongs to (0: none)
  bool valid() const noexcept { return leaf != UINT32_MAX && policy != 0; }
  friend bool operator==(DataId, DataId) = default;
};

/// A purpose leaf of the policy.
struct PurposeId {
  std::uint32_t leaf = UINT32_MAX;  ///< leaf index in the purpose vocabulary
  std::uint64_t policy = 0;         ///< the compiled policy it belongs to (0: none)
  bool valid() const noexcept { return leaf != UINT32_MAX && policy != 0; }
  friend bool operator==(PurposeId, PurposeId) = default;
};

/// A recipient leaf of the policy; the default (invalid) id means "no recipient".
struct RecipientId {
  std::uint32_t leaf = UINT32_MAX;  ///< leaf index in the recipient vocabulary
  std::uint64_t policy = 0;         ///< the compiled policy it belongs to (0: none)
  bool valid() const noexcept { return leaf != UINT32_MAX && policy != 0; }
  friend bool operator==(RecipientId, RecipientId) = default;
};

/// One question: may `data` be processed for `purpose` (or, with a
/// recipient, shared with it for `purpose`), in `form`, about `subject`?
struct Request {
  DataId data;                      ///< the data (a leaf or a field)
  PurposeId purpose;                ///< the purpose
  RecipientId recipient;            ///< set for a sharing question, left invalid for processing
  Form form = Form::identified;     ///< how identifiable the data is
  const Subject* subject = nullptr; ///< who it is about; must outlive the call
};

/// An erasure deadline that applies to a datum (from an `erase` rule).
struct ErasureInfo {
  std::string within;       ///< ISO 8601, e.g. "P30D"
  std::string within_text;  ///< as written, e.g. "30 days"
  std::string after;        ///< the event, e.g. "erasure_request"
  std::string store;        ///< empty for live systems, else e.g. "backups"
  RuleInfo rule;            ///< the `erase` rule
};

/// An immutable compiled policy. Copies share the same compiled data.
class Policy {
 public:
  /// The policy's name, from `policy NAME` (or the entry file's name).
  const std::string& name() const noexcept;
  /// The policy's version, from `version "..."`; may be empty.
  const std::string& version() const noexcept;
  /// A stable fingerprint of the compiled policy ("sha256:..."), for audit logs:
  /// the same policy text always compiles to the same bytes and fingerprint.
  const std::string& fingerprint() const noexcept;

  /// Resolves a data leaf or a declared field, e.g. "users.email".
  Result<DataId> data(std::string_view name) const;
  /// Resolves a purpose leaf, e.g. "marketing.promotional".
  Result<PurposeId> purpose(std::string_view name) const;
  /// Resolves a recipient leaf, e.g. "processor.payment".
  Result<RecipientId> recipient(std::string_view name) const;
  /// Resolves a form name: identified, pseudonymized, aggregated or anonymized.
  static Result<Form> form(std::string_view name);

  /// Starts building a subject; attributes not set take their defaults.
  SubjectBuilder subject() const;
  /// Builds a subject from a JSON object of attribute values, e.g.
  /// {"age": 34, "consents": ["marketing"]}.
  Result<Subject> subject_from_json(std::string_view json) const;

  /// Decides a processing question. Never allocates, locks or throws.
  Decision decide(DataId data, PurposeId purpose, const Subject& subject,
                  Form form = Form::identified) const noexcept;
  /// Decides a sharing question. Never allocates, locks or throws.
  Decision decide(DataId data, PurposeId purpose, RecipientId recipient, const Subject& subject,
                  Form form = Form::identified) const noexcept;
  /// Decides one request (sharing when it names a recipient).
  Decision decide(const Request& request) const noexcept;
  /// Decides many requests: decisions[i] answers requests[i]. The spans must
  /// have the same length (extra decisions are left untouched).
  void decide(std::span<const Request> requests, std::span<Decision> decisions) const noexcept;

  /// How long a datum may be kept; null when no retention rule applies.
  const RetentionInfo* retention(DataId data, const Subject& subject,
                                 Form form = Form::identified) const noexcept;
  /// The erasure deadlines that apply to a datum.
  std::vector<ErasureInfo> erasures(DataId data, const Subject& subject, Form form = Form::identified) const;

  /// One human sentence saying why `decision` answers `request`.
  std::string explain(const Request& request, const Decision& decision) const;

  /// The names of a data, purpose or recipient id (for messages and logs).
  const std::string& name_of(DataId data) const;
  const std::string& name_of(PurposeId purpose) const;
  const std::string& name_of(RecipientId recipient) const;

  /// The compiled data; for Proviso's own tools (explain, diff, reports).
  const detail::PolicyData& compiled() const noexcept { return *data_; }

 private:
  friend struct detail::PolicyLoader;
  explicit Policy(std::shared_ptr<const detail::PolicyData> data) : data_(std::move(data)) {}
  std::shared_ptr<const detail::PolicyData> data_;
};

/// What loading a policy produced: a Policy, or the errors that prevent one.
/// Warnings are kept either way.
class LoadResult {
 public:
  /// True when the policy loaded without errors.
  bool ok() const noexcept { return policy_.has_value(); }
  /// Same as ok().
  explicit operator bool() const noexcept { return ok(); }
  /// The policy; only call when ok().
  const Policy& value() const { return *policy_; }
  /// Every diagnostic: errors (when !ok()) and warnings.
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  /// True when the entry file itself could not be read (an I/O problem, not a policy one).
  bool unreadable() const noexcept { return unreadable_; }

 private:
  friend struct detail::PolicyLoader;
  std::optional<Policy> policy_;
  std::vector<Diagnostic> diagnostics_;
  bool unreadable_ = false;
};

/// What load() does besides parsing and checking.
struct LoadOptions {
  bool lints = true;  ///< run the privacy lints (slower on very large policies)
};

/// Loads, checks and compiles the policy whose entry file is `path`, with its imports.
LoadResult load(const std::string& path, const LoadOptions& options = {}) noexcept;

/// Loads a policy given as text. `display_path` names it in diagnostics and
/// its imports resolve relative to that path's folder.
LoadResult load_string(std::string_view text, const std::string& display_path = "policy.policy",
                       const LoadOptions& options = {}) noexcept;

}  // namespace proviso
