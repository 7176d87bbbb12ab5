# Turns a file into a C++ source holding its bytes, so the installed binary needs no rule files beside it.
# Usage: cmake -DINPUT=rules/default.yaml -DOUTPUT=embedded.cpp -DSYMBOL=k_default_rule_pack -P Embed.cmake
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," content "${content}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/Embed.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace audit {\n"
  "namespace {\nconstexpr unsigned char k_bytes[] = {${content} 0x00};\n}\n"
  "extern const std::string_view ${SYMBOL}(reinterpret_cast<const char*>(k_bytes), sizeof(k_bytes) - 1);\n"
  "} // namespace audit\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
