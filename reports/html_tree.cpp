// The report's drill-down: every site path (1 to 6 segments, core/site_path.hpp) as a tree of nested
// <details>, province → district → commune, each node with its level bar and the count below the plan,
// worst first. Closed nodes cost no layout, so the first screen stays fast at 3,321 sites.
#include <algorithm>
#include <map>
#include <memory>

#include "core/site_path.hpp"
#include "reports/html_parts.hpp"
#include "reports/render_util.hpp"
#include "reports/words.hpp"

namespace v6r::report::html {
namespace {

struct Node {
  std::string name;                   ///< the last segment
  std::string path;                   ///< the full prefix
  std::vector<std::size_t> site_ids;  ///< the sites at exactly this path (more than one: a duplicate)
  std::map<std::string, std::unique_ptr<Node>> kids;
  findings::LevelCounts levels;
  std::uint64_t sites = 0, below = 0;
  int worst = 1 << 30;  ///< the lowest level_rank in the subtree
};

void add(Node& n, const findings::Site& s) {
  ++n.sites;
  ++n.levels[s.level];
  if (s.plan_verdict == findings::PlanVerdict::below || s.plan_verdict == findings::PlanVerdict::not_assessed)
    ++n.below;
  n.worst = std::min(n.worst, findings::level_rank(s.level));
}

bool worse(const Node* a, const Node* b) {
  if (a->worst != b->worst) return a->worst < b->worst;
  if (a->below != b->below) return a->below > b->below;
  return a->path < b->path;
}

void leaf(std::string& o, const i18n::Catalog& cat, const std::string& name, const findings::Document& doc,
          std::size_t i) {
  const auto& s = doc.sites[i];
  const auto fails = std::count_if(s.findings.begin(), s.findings.end(),
                                   [](const auto& f) { return f.severity == findings::Severity::fail; });
  o += "<li class=\"leaf\"><a href=\"#site-" + std::to_string(i) + "\">" + u(name) +
       "</a> <span class=\"badge lv" + std::to_string(level_slot(s.level)) + "\">" +
       h(level_name(cat, s.level)) + "</span> <span class=\"meta\">" + h(plan_word(cat, s.plan_verdict)) +
       (fails ? " · " + std::to_string(fails) + " \u2716" : "") + "</span></li>\n";
}

void render(std::string& o, const i18n::Catalog& cat, const Node& n, const findings::Document& doc,
            int depth) {
  std::vector<const Node*> kids;
  for (const auto& [_, k] : n.kids) kids.push_back(k.get());
  std::sort(kids.begin(), kids.end(), worse);
  for (const Node* k : kids) {
    const std::string counts =
        cat.text(k->sites == 1 ? "html.tree.site" : "html.tree.sites", {{"n", cat.integer(k->sites)}}) +
        (k->below ? " · " + cat.text("html.tree.below", {{"n", cat.integer(k->below)}}) : "");
    if (k->kids.empty() && k->site_ids.size() == 1) {  // a leaf: the site itself
      leaf(o, cat, k->name, doc, k->site_ids[0]);
      continue;
    }
    o += std::string("<li><details") + (depth == 0 && kids.size() <= 12 ? " open" : "") +
         "><summary><span class=\"tn\">" + u(k->name) + "</span> " + level_bar(cat, k->levels, false) +
         " <span class=\"meta\">" + h(counts) + "</span></summary><ul class=\"tree\">\n";
    for (const auto i : k->site_ids) leaf(o, cat, k->name, doc, i);
    render(o, cat, *k, doc, depth + 1);
    o += "</ul></details></li>\n";
  }
}

}  // namespace

std::string drill_down(const i18n::Catalog& cat, const findings::Document& doc) {
  Node root;
  for (std::size_t i = 0; i < doc.sites.size(); ++i) {
    const auto& s = doc.sites[i];
    Node* n = &root;
    add(root, s);
    // The places are the path's leading segments that are valid site-path segments (core/site_path.hpp);
    // the rest, whatever it holds (a document from elsewhere may hold anything, '/' included), is the
    // site's own name, escaped where it is shown: its bytes never add places or markup.
    std::vector<std::string_view> segs;
    std::string_view rest = s.site;
    for (auto slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
      const auto seg = rest.substr(0, slash);
      if (!site_path::valid(seg)) break;
      segs.push_back(seg);
      rest.remove_prefix(slash + 1);
    }
    segs.push_back(rest);
    std::string path;
    for (const auto seg : segs) {
      path += (path.empty() ? "" : "/") + std::string(seg);
      auto& k = n->kids[std::string(seg)];
      if (!k) {
        k = std::make_unique<Node>();
        k->name = std::string(seg);
        k->path = path;
      }
      n = k.get();
      add(*n, s);
    }
    n->site_ids.push_back(i);
  }
  std::string o = "<ul class=\"tree top\">\n";
  render(o, cat, root, doc, 0);
  return o + "</ul>\n";
}

}  // namespace v6r::report::html
