#include "tests/support/policy_generator.hpp"

#include <algorithm>
#include <set>

namespace proviso::testing {
namespace {

// One vocabulary tree as generated: paths in preorder and which are leaves.
struct Tree {
  std::vector<std::string> paths;
  std::vector<bool> leaf;
  std::vector<std::uint32_t> depth;  // 1 = top level
  std::vector<std::size_t> end;      // one past the subtree, in preorder

  std::vector<std::size_t> leaves() const {
    std::vector<std::size_t> result;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (leaf[i]) result.push_back(i);
    }
    return result;
  }
  std::vector<std::size_t> tops() const {
    std::vector<std::size_t> result;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (depth[i] == 1) result.push_back(i);
    }
    return result;
  }
};

class TreeBuilder {
 public:
  TreeBuilder(Random& random, std::uint32_t min_depth, std::uint32_t max_depth)
      : random_(random), min_depth_(std::max(1u, min_depth)), max_depth_(std::max(min_depth_, max_depth)) {}

  Tree build(const std::string& prefix, std::uint32_t leaves) {
    tree_ = {};
    grow("", prefix, std::max(1u, leaves), 0);
    // Subtree ends, from the depths (preorder).
    tree_.end.assign(tree_.paths.size(), 0);
    for (std::size_t i = 0; i < tree_.paths.size(); ++i) {
      std::size_t j = i + 1;
      while (j < tree_.paths.size() && tree_.depth[j] > tree_.depth[i]) ++j;
      tree_.end[i] = j;
    }
    return tree_;
  }

 private:
  void grow(const std::string& path, const std::string& prefix, std::uint32_t budget, std::uint32_t depth) {
    if (depth > 0) {
      tree_.paths.push_back(path);
      tree_.depth.push_back(depth);
      tree_.leaf.push_back(false);
    }
    const std::size_t self = tree_.paths.size() - 1;
    if (depth > 0 && budget == 1 && depth >= min_depth_ && (depth == max_depth_ || random_.chance(0.7))) {
      tree_.leaf[self] = true;
      return;
    }
    std::uint32_t children = depth + 1 == max_depth_ ? budget : std::min<std::uint32_t>(budget, 2 + static_cast<std::uint32_t>(random_.below(5)));
    if (depth == 0) children = std::min<std::uint32_t>(budget, std::max<std::uint32_t>(1, budget / 12 + 2));
    // Split the leaves among the children, each at least one.
    std::vector<std::uint32_t> parts(children, 1);
    for (std::uint32_t extra = budget - children; extra > 0; --extra) ++parts[random_.below(children)];
    for (std::uint32_t c = 0; c < children; ++c) {
      const std::string name = (depth == 0 ? prefix : "n") + std::to_string(c);
      grow(path.empty() ? name : path + "." + name, prefix, parts[c], depth + 1);
    }
  }

  Random& random_;
  std::uint32_t min_depth_;
  std::uint32_t max_depth_;
  Tree tree_;
};

std::string tree_text(const std::string& block, const Tree& tree) {
  std::string text = block + " {\n";
  std::vector<std::uint32_t> open;
  for (std::size_t i = 0; i < tree.paths.size(); ++i) {
    while (!open.empty() && open.back() >= tree.depth[i]) {
      open.pop_back();
      text += std::string(2 * (open.size() + 1), ' ') + "}\n";
    }
    const std::string& path = tree.paths[i];
    const std::string name = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    text += std::string(2 * tree.depth[i], ' ') + name;
    if (tree.leaf[i]) {
      text += ",\n";
    } else {
      text += " {\n";
      open.push_back(tree.depth[i]);
    }
  }
  while (!open.empty()) {
    open.pop_back();
    text += std::string(2 * (open.size() + 1), ' ') + "}\n";
  }
  return text + "}\n";
}

const std::vector<std::string> bases = {"consent",     "contract",    "legal_obligation",
                                        "vital_interest", "public_task", "legitimate_interest"};
const std::vector<std::string> forms = {"identified", "pseudonymized", "aggregated", "anonymized"};
const std::vector<std::string> regions = {"eu", "us_ca", "us", "other"};
const std::vector<std::string> events = {"account_closure", "last_interaction", "erasure_request"};
const std::vector<std::int64_t> ages = {13, 16, 18, 21, 65};
const std::vector<std::string> operators = {"<", "<=", ">", ">=", "=", "!="};

class Generator {
 public:
  explicit Generator(const GeneratorOptions& options) : options_(options), random_(options.seed) {}

  GeneratedPolicy run() {
    TreeBuilder builder(random_, options_.min_depth, options_.max_depth);
    data_ = builder.build("d", options_.data_leaves);
    purposes_ = builder.build("p", options_.purpose_leaves);
    recipients_ = builder.build("r", options_.recipient_leaves);
    consents_ = TreeBuilder(random_, 1, 2).build("c", options_.consent_leaves);
    assign_families();

    GeneratedPolicy policy;
    std::string vocabulary = tree_text("data", data_) + tree_text("purposes", purposes_) + "purposes { sale }\n" +
                             tree_text("recipients", recipients_) + tree_text("consents", consents_) +
                             "obligations { o0, o1, o2, o3 \"notify\" }\n"
                             "events { account_closure, last_interaction, erasure_request }\n" +
                             subject_text();
    std::string fields;
    const auto leaves = data_.leaves();
    for (std::uint32_t f = 0; f < options_.fields; ++f) {
      fields += "field t" + std::to_string(f % 7) + ".c" + std::to_string(f) + ": " +
                data_.paths[random_.pick(leaves)] + ";\n";
    }
    std::string header = "policy generated.s" + std::to_string(options_.seed) + " version \"1\";\n";
    if (options_.files >= 2) {
      policy.imported["vocabulary.policy"] = vocabulary;
      header += "import \"vocabulary.policy\";\n";
      vocabulary.clear();
    }
    if (options_.files >= 3) {
      policy.imported["fields.policy"] = "import \"vocabulary.policy\";\n" + fields;
      header += "import \"fields.policy\";\n";
      fields.clear();
    }
    policy.header_and_declarations = header + vocabulary + fields;
    if (options_.realistic) global_rules(policy.rules);
    for (std::uint32_t r = 0; r < options_.rules; ++r) policy.rules.push_back(access_rule(r));
    retention_rules(policy.rules);
    for (std::uint32_t e = 0; e < options_.erasures; ++e) policy.rules.push_back(erasure_rule(e));
    return policy;
  }

 private:
  std::string subject_text() const {
    std::string text =
        "subject {\n"
        "  age: int = 18;\n"
        "  region: one of {eu, us_ca, us, other} = other;\n"
        "  consents: set of consent;\n"
        "  objections: set of purpose;\n"
        "  account: one of {active, terminated} = active;\n"
        "  restricted, dnt, enterprise: bool = false;\n"
        "  opt_outs: set of data;\n"
        "  blocked: set of recipient;\n";
    if (!options_.realistic) text += "  tier: int;\n  plan: one of {free, pro, business};\n";
    return text + "}\n";
  }

  // Realistic policies give each top-level purpose family one lawful basis.
  void assign_families() {
    const std::vector<std::string> weighted = {"contract", "contract", "contract", "legitimate_interest",
                                               "legitimate_interest", "consent", "consent", "legal_obligation"};
    const std::size_t families = purposes_.tops().size();
    for (std::size_t f = 0; f < families; ++f) family_basis_.push_back(random_.pick(weighted));
  }

  std::string node(const Tree& tree) { return tree.paths[static_cast<std::size_t>(random_.below(tree.paths.size()))]; }

  std::string selection(const Tree& tree, double all_chance, std::size_t within = SIZE_MAX) {
    if (within == SIZE_MAX && random_.chance(all_chance)) return "all";
    std::vector<std::size_t> picked;
    const std::size_t count = 1 + static_cast<std::size_t>(random_.below(3));
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t n = within == SIZE_MAX ? static_cast<std::size_t>(random_.below(tree.paths.size()))
                                         : within + static_cast<std::size_t>(random_.below(tree.end[within] - within));
      if (std::find(picked.begin(), picked.end(), n) == picked.end()) picked.push_back(n);
    }
    std::string text;
    for (const std::size_t n : picked) text += (text.empty() ? "" : ", ") + tree.paths[n];
    // Sometimes carve out a strict descendant of the first node.
    const std::size_t first = picked.front();
    if (tree.end[first] > first + 1 && random_.chance(0.15)) {
      const std::size_t cut = first + 1 + static_cast<std::size_t>(random_.below(tree.end[first] - first - 1));
      if (std::find(picked.begin(), picked.end(), cut) == picked.end()) {
        // Keep at least one leaf: cut only when some picked leaf lies outside `cut`.
        bool outside = false;
        for (const std::size_t n : picked) {
          for (std::size_t i = n; i < tree.end[n] && !outside; ++i) {
            outside = tree.leaf[i] && (i < cut || i >= tree.end[cut]);
          }
        }
        if (outside) text += " except " + tree.paths[cut];
      }
    }
    return text;
  }

  std::string atom(bool sharing, bool about_purpose) {
    switch (random_.below(about_purpose ? 12 : 9)) {
      case 0: return random_.chance(0.5) ? "restricted" : (random_.chance(0.5) ? "dnt" : "enterprise");
      case 1: return "age " + random_.pick(operators) + " " + std::to_string(random_.pick(ages) + static_cast<std::int64_t>(random_.below(3)) - 1);
      case 2: return "region is " + std::string(random_.chance(0.3) ? "not " : "") + random_.pick(regions);
      case 3: return "region in {" + random_.pick(regions) + ", " + random_.pick(regions) + "}";
      case 4: return "consents has " + node(consents_);
      case 5: return "form is " + random_.pick(forms);
      case 6: return "form in {" + random_.pick(forms) + ", " + random_.pick(forms) + "}";
      case 7: return "opt_outs has this data";
      case 8:
        if (!options_.realistic) return "tier " + random_.pick(operators) + " " + std::to_string(random_.below(4));
        return "account is terminated";
      case 9: return "objections has this purpose";
      case 10: return "objections has " + node(purposes_);
      default:
        if (sharing) return "blocked has this recipient";
        return options_.realistic ? "opt_outs has " + node(data_) : "plan in {free, pro}";
    }
  }

  std::string condition(bool sharing, bool about_purpose, int depth = 0) {
    const std::uint64_t shape = depth >= 2 ? 0 : random_.below(6);
    switch (shape) {
      case 3: return condition(sharing, about_purpose, depth + 1) + " and " + condition(sharing, about_purpose, depth + 1);
      case 4: return "(" + condition(sharing, about_purpose, depth + 1) + " or " + condition(sharing, about_purpose, depth + 1) + ")";
      case 5: return "not " + (random_.chance(0.5) ? atom(sharing, about_purpose) : "(" + condition(sharing, about_purpose, depth + 1) + ")");
      default: return atom(sharing, about_purpose);
    }
  }

  // `when W unless U`; a required consent, when given, is conjoined with W.
  std::string guard(bool sharing, bool about_purpose, const std::string& required = {}) {
    std::string when = random_.chance(options_.condition_chance) ? condition(sharing, about_purpose) : "";
    if (!required.empty()) when = when.empty() ? required : required + " and (" + when + ")";
    std::string text;
    if (!when.empty()) text += " when " + when;
    if (random_.chance(options_.condition_chance / 2)) text += " unless " + condition(sharing, about_purpose);
    return text;
  }

  std::string obligations(bool sharing) {
    if (!random_.chance(0.3)) return "";
    std::string text = " requiring o" + std::to_string(random_.below(4));
    if (random_.chance(0.4)) text += " when " + atom(sharing, true);
    if (random_.chance(0.3)) text += ", o" + std::to_string(random_.below(4)) + " unless " + atom(sharing, true);
    return text;
  }

  std::string annotations(std::uint32_t index) {
    return "@section(\"" + std::to_string(1 + index % 14) + "\") @id(\"r" + std::to_string(index) + "\")\n";
  }

  void global_rules(std::vector<std::string>& rules) {
    rules.push_back("@section(\"12\") deny all for all when age < 16;");
    rules.push_back("@section(\"8\") deny all for sale;");
    std::string objectable;
    const auto tops = purposes_.tops();
    for (std::size_t f = 0; f < tops.size(); ++f) {
      if (family_basis_[f] == "legitimate_interest" || family_basis_[f] == "consent") {
        objectable += (objectable.empty() ? "" : ", ") + purposes_.paths[tops[f]];
      }
    }
    if (!objectable.empty()) rules.push_back("@section(\"8\") deny all for " + objectable + " when objections has this purpose;");
    rules.push_back("@section(\"8\") deny all for all when restricted and region is eu unless form is anonymized;");
  }

  std::string access_rule(std::uint32_t index) {
    const std::uint64_t kind = random_.below(100);
    // Realistic proportions follow the seed policy; wild ones stress denies and sharing.
    const bool realistic = options_.realistic;
    const bool share = realistic ? kind < 28 : kind < 30;
    const bool deny = realistic ? (kind >= 28 && kind < 40) : (kind >= 30 && kind < 60);
    std::string text = annotations(index);
    std::size_t family = SIZE_MAX;
    std::string basis = random_.pick(bases);
    if (realistic && !deny) {
      const auto tops = purposes_.tops();
      const std::size_t f = static_cast<std::size_t>(random_.below(tops.size()));
      family = tops[f];
      basis = family_basis_[f];
    }
    const std::string data = selection(data_, realistic ? 0.01 : 0.05);
    const std::string purposes = selection(purposes_, realistic ? 0.02 : 0.08, family);
    if (deny) {
      const bool deny_share = realistic ? kind >= 37 : kind >= 50;
      if (deny_share) {
        return text + "deny share " + data + " with " + selection(recipients_, 0.2) + " for " + purposes +
               guard(true, true) + ";";
      }
      return text + "deny " + data + " for " + purposes + guard(false, true) + ";";
    }
    text += share ? "share " + data + " with " + selection(recipients_, realistic ? 0.0 : 0.1) : "allow " + data;
    text += " for " + purposes + " under " + basis;
    // A consent basis always requires a consent in realistic policies.
    const std::string required = realistic && basis == "consent" ? "consents has " + node(consents_) : "";
    return text + guard(share, true, required) + obligations(share) + ";";
  }

  std::string duration() {
    static const std::vector<std::string> units = {"days", "months", "years"};
    return std::to_string(1 + random_.below(90)) + " " + random_.pick(units);
  }

  void retention_rules(std::vector<std::string>& rules) {
    if (options_.realistic) {
      // One default per top-level data node, then exceptions on distinct deeper nodes.
      std::uint32_t index = 0;
      for (const std::size_t top : data_.tops()) {
        rules.push_back("@section(\"7\") @id(\"t" + std::to_string(index++) + "\") retain " + data_.paths[top] +
                        " for " + duration() + ";");
      }
      const std::vector<std::size_t> tops = data_.tops();
      std::set<std::size_t> used(tops.begin(), tops.end());
      for (std::uint32_t r = 0; r < options_.retentions; ++r) {
        const std::size_t n = static_cast<std::size_t>(random_.below(data_.paths.size()));
        if (!used.insert(n).second) continue;
        std::string text = "@section(\"7\") @id(\"t" + std::to_string(index++) + "\") retain " + data_.paths[n] + " for " +
                           duration() + " after " + random_.pick(events);
        if (random_.chance(0.3)) text += " or until erasure_request";
        rules.push_back(text + ";");
        if (random_.chance(0.3)) {
          rules.push_back("@section(\"7\") @id(\"t" + std::to_string(index++) + "\") retain " + data_.paths[n] +
                          " indefinitely when form in {aggregated, anonymized};");
        }
      }
      return;
    }
    for (std::uint32_t r = 0; r < options_.retentions; ++r) {
      std::string text = "@section(\"7\") retain " + selection(data_, 0.1);
      switch (random_.below(3)) {
        case 0: text += " for " + duration() + (random_.chance(0.5) ? " after " + random_.pick(events) : ""); break;
        case 1: text += " until " + random_.pick(events); break;
        default: text += " indefinitely"; break;
      }
      if (random_.chance(0.4)) text += " or until erasure_request, withdrawal of " + node(consents_);
      if (random_.chance(0.3)) text += " then anonymize";
      if (random_.chance(0.4)) text += " when " + condition(false, false);
      rules.push_back(text + ";");
    }
  }

  std::string erasure_rule(std::uint32_t index) {
    if (options_.realistic) {
      // As the seed: one deadline for live systems, one for backups, then
      // deadlines for single top-level categories, each named once.
      const auto tops = data_.tops();
      if (index == 0) return "@section(\"7\") erase all within 30 days after erasure_request;";
      if (index == 1) return "@section(\"7\") erase all within 90 days after erasure_request in backups;";
      if (index - 2 >= tops.size()) return "// no more categories to give erasure deadlines to";
      return "@section(\"7\") erase " + data_.paths[tops[index - 2]] + " within " + duration() +
             " after erasure_request;";
    }
    std::string text = "@section(\"7\") erase " + selection(data_, 0.5) + " within " + duration() +
                       " after erasure_request";
    if (random_.chance(0.5)) text += " in backups";
    if (!options_.realistic && random_.chance(0.3)) text += " when " + condition(false, false);
    return text + ";";
  }

  GeneratorOptions options_;
  Random random_;
  Tree data_;
  Tree purposes_;
  Tree recipients_;
  Tree consents_;
  std::vector<std::string> family_basis_;
};

}  // namespace

std::string GeneratedPolicy::entry_text() const {
  std::string text = header_and_declarations;
  for (const std::string& rule : rules) text += rule + "\n";
  return text;
}

std::string GeneratedPolicy::entry_text(const std::vector<bool>& keep) const {
  std::string text = header_and_declarations;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (i < keep.size() && keep[i]) text += rules[i] + "\n";
  }
  return text;
}

GeneratedPolicy generate_policy(const GeneratorOptions& options) { return Generator(options).run(); }

}  // namespace proviso::testing
