#include "compile/fingerprint.hpp"

#include <filesystem>

#include "compile/sha256.hpp"

namespace proviso::compile {
namespace {

// Little-endian, fixed-width: the bytes do not depend on the machine's
// struct padding or the standard library.
// With a hash to feed, the bytes are streamed into it in chunks rather
// than kept: a large policy's tables serialise to hundreds of megabytes.
class Writer {
 public:
  explicit Writer(Sha256* sink = nullptr) : sink_(sink) {}

  void u64(std::uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
    append(bytes, 8);
  }
  void u32(std::uint32_t value) {
    char bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
    append(bytes, 4);
  }
  void text(const std::string& value) {
    u64(value.size());
    append(value.data(), value.size());
  }
  template <typename T, typename F>
  void list(const std::vector<T>& items, F&& each) {
    u64(items.size());
    for (const T& item : items) each(item);
  }
  // A rule's place, with its file relative to the entry file's folder: how
  // a policy's path was spelled when loading it must not change its fingerprint.
  void info(const RuleInfo& rule) {
    text(rule.id);
    text(rule.section);
    text(rule.kind);
    text(std::filesystem::path(rule.file).lexically_relative(base_).generic_string());
    u64(rule.line);
    u64(rule.column);
  }
  void base(std::filesystem::path folder) { base_ = std::move(folder); }
  /// The bytes written (everything, or with a sink, what was not yet fed to it).
  std::string take() {
    if (sink_ != nullptr) flush();
    return std::move(bytes_);
  }

 private:
  static constexpr std::size_t chunk = 1 << 16;

  void append(const char* bytes, std::size_t size) {
    bytes_.append(bytes, size);
    if (sink_ != nullptr && bytes_.size() >= chunk) flush();
  }
  void flush() {
    sink_->update(bytes_);
    bytes_.clear();
  }

  Sha256* sink_;
  std::string bytes_;
  std::filesystem::path base_;
};

void write(Writer& w, const detail::PolicyData& data);

}  // namespace

std::string serialize(const detail::PolicyData& data) {
  Writer w;
  write(w, data);
  return w.take();
}

std::string fingerprint(const detail::PolicyData& data) {
  Sha256 sha;
  Writer w(&sha);
  write(w, data);
  w.take();
  return "sha256:" + sha.hex_digest();
}

namespace {

void write(Writer& w, const detail::PolicyData& data) {
  if (data.model.sources && data.model.sources->size() > 0) {
    w.base(std::filesystem::path(std::string(data.model.sources->path(0))).parent_path());
  }
  w.text("proviso-compiled-policy/1");
  w.text(data.model.name);
  w.text(data.model.version);
  w.u64(data.data_leaves);
  w.u64(data.purpose_leaves);
  w.u64(data.recipient_leaves);
  const auto list = [&](const List& l) {
    w.u32(l.first_entry);
    w.u32(l.denies);
    w.u32(l.allows_and_flag);
  };
  w.list(data.cells, [&](const Cell& c) {
    list(c.processing);
    w.u32(c.sharing);
  });
  // Sharing tables are mostly empty slots (recipients no sharing rule
  // names): only the others are written, with their positions.
  w.u64(data.sharing_tables.size());
  for (std::size_t i = 0; i < data.sharing_tables.size(); ++i) {
    if (data.sharing_tables[i].size() == 0) continue;
    w.u64(i);
    list(data.sharing_tables[i]);
  }
  const auto entry = [&](const Entry& e) {
    w.u32(e.rule);
    w.u32(e.check);
  };
  w.list(data.entries, entry);
  w.list(data.checks, [&](const Check& c) {
    w.u32(c.word);
    w.u64(c.mask);
    w.u64(c.want);
  });
  w.list(data.conditions, [&](const Condition& c) {
    w.u64(c.first_term);
    w.u64(c.term_count);
  });
  w.list(data.terms, [&](const Term& t) {
    w.u64(t.first_test);
    w.u64(t.test_count);
  });
  w.list(data.tests, [&](const Test& t) {
    w.u64(t.bit);
    w.u64(t.set);
    w.u64(t.clear);
  });
  w.list(data.conditional_obligations, [&](const ConditionalObligation& o) {
    w.u64(o.bit);
    w.u64(o.condition);
  });
  w.list(data.rules, [&](const RuleCode& r) {
    w.u64(static_cast<std::uint64_t>(r.effect));
    w.u64(static_cast<std::uint64_t>(r.basis));
    w.u64(r.obligations);
    w.u32(r.first_conditional);
    w.u32(r.conditional_count);
  });
  w.list(data.specificity.offsets(), [&](std::uint32_t v) { w.u32(v); });
  w.list(data.specificity.ranges(), [&](const SpecificityTable::Range& r) {
    w.u32(r.first);
    w.u32(r.end);
    w.u32(r.specificity);
  });
  w.list(data.retention_first, [&](std::uint32_t v) { w.u64(v); });
  w.list(data.retention_entries, entry);
  w.list(data.erasure_first, [&](std::uint32_t v) { w.u64(v); });
  w.list(data.erasure_entries, entry);
  w.list(data.rule_infos, [&](const RuleInfo& r) { w.info(r); });
  w.list(data.retention_infos, [&](const RetentionInfo& r) {
    w.u64(r.indefinite);
    w.text(r.period);
    w.text(r.from);
    w.list(r.until, [&](const std::string& s) { w.text(s); });
    w.text(r.then);
    w.info(r.rule);
  });
  w.list(data.erasure_infos, [&](const RuleInfo& r) { w.info(r); });
  w.list(data.obligation_names, [&](const std::string& s) { w.text(s); });
  w.list(data.layout.attributes, [&](const AttributeLayout& a) {
    w.u64(static_cast<std::uint64_t>(a.type));
    w.u64(a.first_bit);
    w.u64(a.bit_count);
    w.list(a.cuts, [&](std::int64_t c) { w.u64(static_cast<std::uint64_t>(c)); });
  });
  w.list(data.layout.defaults, [&](std::uint64_t v) { w.u64(v); });
  w.list(data.layout.request_bits, [&](const RequestBit& b) {
    w.u64(b.base);
    w.u64(static_cast<std::uint64_t>(b.part));
  });
  // The names requests are resolved against.
  for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) {
    w.list(data.model.vocabularies[k].nodes(), [&](const model::Node& n) { w.text(n.path); });
  }
  w.list(data.model.fields, [&](const model::Field& f) {
    w.text(f.name);
    w.u64(f.data);
  });
  w.list(data.model.attributes, [&](const model::Attribute& a) {
    w.text(a.name);
    w.list(a.values, [&](const std::string& s) { w.text(s); });
    w.u64(a.has_default);
  });
}

}  // namespace

}  // namespace proviso::compile
