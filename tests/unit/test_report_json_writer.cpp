#include "report/json_writer.hpp"

#include <doctest/doctest.h>

TEST_CASE("json_escape")
{
  CHECK(report::json_escape("plain") == "\"plain\"");
  CHECK(report::json_escape("q\" b\\ n\n r\r t\t c\x01") == "\"q\\\" b\\\\ n\\n r\\r t\\t c\\u0001\"");
  // UTF-8 is copied; the cut ("... p\xc3") and other bytes that are not UTF-8 become the text \xNN.
  CHECK(report::json_escape("Verificação 段階 🚀") == "\"Verificação 段階 🚀\"");
  CHECK(report::json_escape("de todas as p\xC3") == "\"de todas as p\\\\xc3\"");
  CHECK(report::json_escape("\xFF\xC0\xAF\xED\xA0\x80") == "\"\\\\xff\\\\xc0\\\\xaf\\\\xed\\\\xa0\\\\x80\"");
}
