#include "report/report.hpp"

#include <doctest/doctest.h>

TEST_CASE("format_text")
{
  audit::AuditResult result;
  audit::Finding finding;
  finding.rule = "out-of-order";
  finding.file = "docs/übersicht.md";
  finding.line = 3;
  finding.column = 1;
  // Quoted item text: non-ASCII kept; a byte that is not UTF-8, a line break and an escape sequence shown.
  finding.message = "open: line 9 'Verificação de todas as p\xC3' \x1b[2J日本 🚀\nforged.md:1:1: error: x";
  audit::Stamp tick;
  tick.commit = "0123456789abcdef";
  tick.time = 1761145200;
  tick.author = "Zo\xEB\r\nM\xC3\xBCller";
  tick.committed = true;
  finding.tick = tick;
  result.findings.push_back(finding);
  result.diagnostics.push_back(util::Diagnostic{"docs/a.md", 2, 0, "not valid\tUTF-8"});
  report::RunInfo info;
  info.history_note = "one\ntwo";
  CHECK(report::format_text(result, info, false) ==
        "docs/übersicht.md:3:1: error: open: line 9 'Verificação de todas as p\\xc3' \\x1b[2J日本 🚀\\nforged.md:1:1: error: x "
        "[out-of-order]\n"
        "    ticked in 0123456789ab at 2025-10-22T15:00:00Z by Zo\\xeb\\r\\nMüller\n"
        "docs/a.md:2: warning: not valid\\tUTF-8\n"
        "note: one\\ntwo\n"
        "1 error, 0 warnings, 0 notes in 0 documents (0 of 0 boxes ticked); 1 input problem could not be fully read\n");
}
