// `v6analyze dissect PCAP [--fields f1,f2,...]`: stateless dissection, one line per frame, fields
// named and formatted like `tshark -T fields -e ...` (analyzers/dissect/fields.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/capture_file.hpp"
#include "analyzers/dissect/dissect.hpp"
#include "analyzers/dissect/fields.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/term_print.hpp"

namespace v6r::app {
using namespace v6r::analyze;

namespace {

constexpr std::size_t kFlushAt = 1 << 16;

/// The lines go through the terminal guard (term::write: TAB and LF kept, anything else hidden shown):
/// the fields already escape what they take from packets (DNS names as RFC 1035 text), this makes sure.
void flush(std::string& buf, std::FILE* out) {
  if (!buf.empty()) term::write(out, buf);
  buf.clear();
}

void print_anomalies(const AnomalyCounters& c, std::FILE* err) {
  for (std::size_t i = 0; i < kAnomalyKinds; ++i) {
    const auto a = static_cast<Anomaly>(i);
    const auto& e = c.get(a);
    if (e.count == 0) continue;
    const auto name = anomaly_name(a);
    std::string frames;
    for (std::size_t k = 0; k < e.count && k < AnomalyCounters::kFirstFrames; ++k)
      frames += " " + std::to_string(e.first_frames[k]);
    term::print(err, "anomaly {}: {} (first frames:{})\n", name, e.count, frames);
  }
}

}  // namespace

int run_dissect(const DissectOptions& opt, std::FILE* out, std::FILE* err) {
  std::vector<const FieldDef*> fields;
  if (opt.fields.empty()) {
    for (auto n : default_fields()) fields.push_back(find_field(n));
  } else {
    for (const auto& n : opt.fields) {
      const FieldDef* d = find_field(n);
      if (d == nullptr) {
        term::print(err, "v6analyze dissect: unknown field '{}' (see --list-fields)\n", n);
        return kExitUsage;
      }
      fields.push_back(d);
    }
  }
  auto file = CaptureFile::open(opt.path);
  if (!file) {
    term::print(err, "v6analyze dissect: {}\n", file.error());
    return kExitUsage;
  }
  std::string buf;
  buf.reserve(kFlushAt + 4096);
  if (opt.header) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) buf += '\t';
      buf += fields[i]->name;
    }
    buf += '\n';
  }
  CaptureReader reader(file->bytes());
  CaptureFrame frame;
  Packet pkt;
  AnomalyCounters anomalies;
  ReadStatus st;
  while ((st = reader.next(frame)) == ReadStatus::frame) {
    dissect_frame(frame.link_type, frame.data, frame.len, frame.number, pkt);
    for (std::uint8_t i = 0; i < pkt.anomaly_count; ++i) anomalies.add(pkt.anomalies[i], frame.number);
    format_line(frame, pkt, fields, buf);
    if (buf.size() >= kFlushAt) flush(buf, out);
  }
  flush(buf, out);
  std::fflush(out);
  if (!opt.quiet) print_anomalies(anomalies, err);
  if (st == ReadStatus::error) {
    const auto& e = reader.error();
    term::print(
        err, "v6analyze dissect: {}: frame {} at byte offset {}: {} (partial result: {} frames dissected)\n",
        opt.path, e.frame, e.offset, e.reason, reader.frames_read());
    return kExitPartial;
  }
  return kExitOk;
}

void add_dissect(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<DissectOptions>();
  auto list = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand("dissect",
                                     "Dissect a pcap/pcapng file: one tab-separated line per frame "
                                     "(fields like tshark -T fields)");
  sub->add_option("capture", opt->path, "pcap or pcapng file");
  auto field_list = std::make_shared<std::vector<std::string>>();
  // One argument per occurrence (so the positional capture is not swallowed); split on ',' below.
  sub->add_option("--fields,-e", *field_list,
                  "comma-separated field names, or -e NAME repeated (default: a DNS64/ICMPv6 overview)")
      ->allow_extra_args(false);
  sub->add_flag("--header", opt->header, "print the field names as the first line");
  sub->add_flag("--quiet,-q", opt->quiet, "no anomaly summary on stderr");
  sub->add_flag("--list-fields", *list, "list the known fields and exit");
  sub->callback([opt, list, field_list, &exit_code] {
    for (const auto& arg : *field_list) {
      std::size_t start = 0;
      while (start <= arg.size()) {
        const std::size_t comma = std::min(arg.find(',', start), arg.size());
        if (comma > start) opt->fields.push_back(arg.substr(start, comma - start));
        start = comma + 1;
      }
    }
    if (*list) {
      for (const auto& f : all_fields())
        std::printf("%-36.*s %.*s\n", static_cast<int>(f.name.size()), f.name.data(),
                    static_cast<int>(f.help.size()), f.help.data());
      exit_code = kExitOk;
      return;
    }
    if (opt->path.empty()) throw CLI::RequiredError("capture");
    exit_code = run_dissect(*opt, stdout, stderr);
  });
}

}  // namespace v6r::app
