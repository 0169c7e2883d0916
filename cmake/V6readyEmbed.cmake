# cmake -DIN=<file> -DOUT=<file.cpp> -DSYMBOL=<name> -DNAMESPACE=<ns> -P V6readyEmbed.cmake
# Writes OUT: `namespace NAMESPACE { extern const std::string_view SYMBOL; }` holding the bytes of IN
# (a hex array, so no byte of the file can end a string literal). Used for the message catalogues
# (reports/i18n/*.yaml): they are data files a reviewer edits, built into the binary, so nothing is
# looked up on the machine at run time.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" body "${body}")
file(WRITE "${OUT}.tmp"
     "// Generated from ${IN} by cmake/V6readyEmbed.cmake; do not edit.\n"
     "#include <string_view>\n"
     "namespace ${NAMESPACE} {\n"
     "namespace {\nconst unsigned char kBytes[${bytes} + 1] = {\n${body}\n0};\n}  // namespace\n"
     "extern const std::string_view ${SYMBOL};\n"
     "const std::string_view ${SYMBOL}{reinterpret_cast<const char*>(kBytes), ${bytes}};\n"
     "}  // namespace ${NAMESPACE}\n")
file(RENAME "${OUT}.tmp" "${OUT}")
