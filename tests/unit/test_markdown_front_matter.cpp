#include "markdown/front_matter.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <string>

using markdown::split_front_matter;

namespace {

// Every line after the front matter must keep its number and its text.
void check_lines_preserved(std::string_view input, const markdown::SplitDocument& split)
{
  const auto original = util::split_lines(input);
  const std::string body_text = split.body();
  const auto body = util::split_lines(body_text);
  REQUIRE(body.size() == original.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (static_cast<int>(i) < split.front_matter.last_line) {
      CHECK(body[i].empty());
    } else {
      CHECK(body[i] == original[i]);
    }
  }
}

} // namespace

TEST_CASE("split_front_matter")
{
  SUBCASE("present")
  {
    const std::string input = "---\ntitle: Rollout\nowner: engineering\n---\n\n# Rollout\n";
    const auto split = split_front_matter(input);
    const auto& front_matter = split.front_matter;
    CHECK(front_matter.present);
    CHECK(front_matter.first_line == 1);
    CHECK(front_matter.last_line == 4);
    CHECK(front_matter.yaml_text == "title: Rollout\nowner: engineering\n");
    CHECK_FALSE(front_matter.error);
    CHECK(front_matter.root().IsMap());
    REQUIRE(front_matter.fields.size() == 2);
    CHECK(front_matter.fields[0].key == "title");
    CHECK(front_matter.fields[0].value == "Rollout");
    CHECK(front_matter.fields[0].line == 2);
    CHECK(front_matter.fields[0].column == 1);
    CHECK(front_matter.fields[1].key == "owner");
    CHECK(front_matter.fields[1].line == 3);
    CHECK(split.body() == "\n\n\n\n\n# Rollout\n");
    check_lines_preserved(input, split);
  }

  SUBCASE("the Markdown after it is a view into the bytes, after blank lines in its place")
  {
    const std::string input = "---\r\ntitle: x\r\n---\r\n# Rollout\n";
    const auto split = split_front_matter(input);
    CHECK(split.blank_lines == 3);
    CHECK(split.rest == "# Rollout\n");
    CHECK(split.rest.data() == input.data() + input.find('#'));
    const std::string tail = input.substr(4); // `rest` views it: it must outlive the split
    const auto without = split_front_matter(tail);
    CHECK(without.blank_lines == 0);
    CHECK(without.rest == tail);
  }

  SUBCASE("absent")
  {
    const std::string input = "# Rollout\n---\ntitle: x\n---\n";
    const auto split = split_front_matter(input);
    CHECK_FALSE(split.front_matter.present);
    CHECK(split.front_matter.fields.empty());
    CHECK_FALSE(split.front_matter.error);
    CHECK(split.body() == input);
  }

  SUBCASE("not the first line")
  {
    const std::string input = "\n---\ntitle: x\n---\n";
    CHECK_FALSE(split_front_matter(input).front_matter.present);
  }

  SUBCASE("unclosed")
  {
    const std::string input = "---\ntitle: x\n# Rollout\n";
    const auto split = split_front_matter(input);
    CHECK_FALSE(split.front_matter.present);
    CHECK(split.body() == input);
  }

  SUBCASE("empty input")
  {
    const auto split = split_front_matter("");
    CHECK_FALSE(split.front_matter.present);
    CHECK(split.body().empty());
  }

  SUBCASE("empty front matter")
  {
    const auto split = split_front_matter("---\n---\n# Rollout\n");
    CHECK(split.front_matter.present);
    CHECK(split.front_matter.last_line == 2);
    CHECK(split.front_matter.fields.empty());
    CHECK_FALSE(split.front_matter.error);
    CHECK(split.front_matter.root().IsMap());
    CHECK(split.body() == "\n\n# Rollout\n");
  }

  SUBCASE("comment-only front matter")
  {
    const auto split = split_front_matter("---\n# nothing yet\n---\n");
    CHECK(split.front_matter.present);
    CHECK(split.front_matter.fields.empty());
    CHECK_FALSE(split.front_matter.error);
  }

  SUBCASE("dots close, trailing blanks allowed on fences")
  {
    const auto split = split_front_matter("---  \ntitle: x\n... \t\nbody\n");
    CHECK(split.front_matter.present);
    CHECK(split.front_matter.last_line == 3);
    CHECK(split.body() == "\n\n\nbody\n");
  }

  SUBCASE("fence with text after it is not a fence")
  {
    CHECK_FALSE(split_front_matter("--- yaml\ntitle: x\n---\n").front_matter.present);
    CHECK_FALSE(split_front_matter("----\ntitle: x\n----\n").front_matter.present);
  }

  SUBCASE("BOM")
  {
    const auto split = split_front_matter("\xEF\xBB\xBF---\ntitle: x\n---\nbody\n");
    CHECK(split.front_matter.present);
    REQUIRE(split.front_matter.field("title"));
    CHECK(split.front_matter.field("title")->line == 2);
    CHECK(split.body() == "\n\n\nbody\n");

    const auto without = split_front_matter("\xEF\xBB\xBF# Rollout\n");
    CHECK_FALSE(without.front_matter.present);
    CHECK(without.body() == "# Rollout\n");
  }

  SUBCASE("CRLF")
  {
    const std::string input = "---\r\ntitle: x\r\nowner: y\r\n---\r\n# Rollout\r\ntext\r\n";
    const auto split = split_front_matter(input);
    CHECK(split.front_matter.present);
    CHECK(split.front_matter.last_line == 4);
    CHECK(split.front_matter.yaml_text == "title: x\nowner: y\n");
    REQUIRE(split.front_matter.fields.size() == 2);
    CHECK(split.front_matter.fields[0].value == "x");
    CHECK(split.front_matter.fields[1].line == 3);
    CHECK(split.body() == "\n\n\n\n# Rollout\r\ntext\r\n");
    check_lines_preserved(input, split);
  }

  SUBCASE("lone CR")
  {
    const std::string input = "---\rtitle: x\r---\r# Rollout\rtext";
    const auto split = split_front_matter(input);
    CHECK(split.front_matter.present);
    CHECK(split.front_matter.last_line == 3);
    REQUIRE(split.front_matter.field("title"));
    CHECK(split.front_matter.field("title")->value == "x");
    check_lines_preserved(input, split);
  }

  SUBCASE("closing fence on the last line without terminator")
  {
    const std::string input = "---\ntitle: x\n---";
    const auto split = split_front_matter(input);
    CHECK(split.front_matter.present);
    check_lines_preserved(input, split);
  }

  SUBCASE("field positions are original-file positions")
  {
    const auto split = split_front_matter(
      "\xEF\xBB\xBF---\n"
      "# why\n"
      "\n"
      "  title: x\n"
      "  tags: [a, b]\n"
      "  owner:\n"
      "    name: y\n"
      "---\n");
    const auto& fields = split.front_matter.fields;
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].key == "title");
    CHECK(fields[0].line == 4);
    CHECK(fields[0].column == 3);
    CHECK(fields[1].key == "tags");
    CHECK(fields[1].value.empty());
    CHECK(fields[1].line == 5);
    CHECK(fields[2].key == "owner");
    CHECK(fields[2].value.empty());
    CHECK(fields[2].line == 6);
    CHECK(split.front_matter.root()["owner"]["name"].as<std::string>() == "y");
  }

  SUBCASE("YAML error is located in the original file")
  {
    const std::string input = "---\ntitle: Rollout\nowner: eng: ops\n---\n# Rollout\n";
    const auto split = split_front_matter(input);
    CHECK(split.front_matter.present);
    REQUIRE(split.front_matter.error);
    CHECK(split.front_matter.error->message == "illegal map value");
    CHECK(split.front_matter.error->line == 3);
    CHECK(split.front_matter.error->column == 11);
    CHECK(split.front_matter.fields.empty());
    check_lines_preserved(input, split);
  }

  SUBCASE("YAML error past the last YAML line points at the closing fence")
  {
    const auto split = split_front_matter("---\ntags: [a,\n---\n");
    REQUIRE(split.front_matter.error);
    CHECK(split.front_matter.error->message == "end of sequence flow not found");
    CHECK(split.front_matter.error->line == 3);
    CHECK(split.front_matter.error->column == 1);
  }

  SUBCASE("root must be a mapping")
  {
    const auto sequence = split_front_matter("---\n- a\n- b\n---\n");
    CHECK(sequence.front_matter.present);
    REQUIRE(sequence.front_matter.error);
    CHECK(sequence.front_matter.error->message == "front matter is not a mapping");
    CHECK(sequence.front_matter.error->line == 2);
    CHECK(sequence.front_matter.error->column == 1);
    CHECK(sequence.front_matter.fields.empty());

    const auto scalar = split_front_matter("---\njust text\n---\n");
    REQUIRE(scalar.front_matter.error);
    CHECK(scalar.front_matter.error->message == "front matter is not a mapping");
  }

  SUBCASE("alias bomb is refused")
  {
    std::string yaml = "---\na: &a [x, x, x]\nb: [";
    for (int i = 0; i < 101; ++i) {
      yaml += i ? ", *a" : "*a";
    }
    yaml += "]\n---\n";
    const auto split = split_front_matter(yaml);
    REQUIRE(split.front_matter.error);
    CHECK(split.front_matter.error->message == "front matter uses too many YAML aliases");
    CHECK(split.front_matter.error->line == 2);

    const auto few = split_front_matter("---\na: &a x\nb: *a\n---\n");
    CHECK_FALSE(few.front_matter.error);
    REQUIRE(few.front_matter.field("b"));
    CHECK(few.front_matter.field("b")->value == "x");
  }

  SUBCASE("deep nesting does not crash")
  {
    const std::string yaml = "---\na: " + std::string(100000, '[') + "\n---\n";
    const auto split = split_front_matter(yaml);
    CHECK(split.front_matter.error);
  }
}

TEST_CASE("FrontMatter::field")
{
  const auto split = split_front_matter("---\ntitle: first\nstatus: Draft\ntitle: second\n---\n");
  const auto& front_matter = split.front_matter;
  REQUIRE(front_matter.field("status"));
  CHECK(front_matter.field("status")->value == "Draft");
  REQUIRE(front_matter.field("title"));
  CHECK(front_matter.field("title")->value == "first");
  CHECK(front_matter.field("Status") == nullptr);
  CHECK(front_matter.field("owner") == nullptr);
}

TEST_CASE("front_matter_lines")
{
  // What split_front_matter blanks, for every shape it knows, without parsing the YAML.
  const std::vector<std::string> texts{
    "# No front matter\n",
    "",
    "---\ntitle: A\n---\n# A\n",
    "\xEF\xBB\xBF---\ntitle: A\nowner: b\n---\n# A\n",
    "---\r\ntitle: A\r\n---\r\n# A\r\n",
    "---\n---\n# empty\n",
    "---\ntitle: [broken\n---\n# broken YAML still fences\n",
    "---\ntitle: never closed\n# A\n",
    "---\ntitle: A\n...\n# closed by dots\n",
    "# A\n---\ntitle: not at the top\n---\n",
  };
  for (const auto& text : texts) {
    CAPTURE(text);
    CHECK(markdown::front_matter_lines(text) == markdown::split_front_matter(text).blank_lines);
  }
  CHECK(markdown::front_matter_lines("---\ntitle: A\nowner: b\n---\n# A\n") == 4);
  CHECK(markdown::front_matter_lines("---\ntitle: never closed\n") == 0);
}
