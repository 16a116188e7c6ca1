// Splitting a command line into words, with the quoting rules of the POSIX shell (XCU 2.2) that an
// interactive command line needs. Hardware-independent: the host tests (tests/host/shell_words_test.cpp)
// build it natively.
//
//   blanks (space, tab) separate words; several in a row are one separator
//   \c      outside quotes: the character c itself (a blank, a quote, '&', '\')
//   '...'   everything up to the next ' literally, backslashes included
//   "..."   literally, except that \" and \\ stand for " and \ (other backslashes stay, as in sh)
//   &       unquoted: the command runs in the background; only blanks may follow it
// Quoted and unquoted pieces that touch form one word (a"b c"d is "ab cd"), and "" or '' alone is an
// empty word. There is no variable, glob or command substitution: $, *, ? and ` are ordinary characters.
#pragma once

#include <cstddef>

#include "lib/result.h"

namespace cw::user {

enum class WordsError {
  UnterminatedSingleQuote,  // a ' with no closing '
  UnterminatedDoubleQuote,  // a " with no closing "
  TrailingBackslash,        // the line ends in an unquoted backslash (sh would read a continuation line)
  TooManyWords,             // more than capacity - 1 words
  AmpersandNotLast,         // something other than blanks after an unquoted &
  AmpersandAlone,           // an & with no command before it
};

// A message for the error, e.g. "unterminated double quote".
const char* describe(WordsError error);

struct Words {
  size_t count = 0;         // words[0..count) are the words; words[count] is nullptr
  bool background = false;  // the line ended with an unquoted &
};

// Splits `line` (NUL-terminated) in place: the words are rewritten into the line's own storage, with
// quotes and escapes removed, each NUL-terminated. `words` receives up to capacity - 1 pointers and a
// terminating nullptr (an argv for spawn). A line of only blanks gives 0 words. On error the contents of
// `line` and `words` are unspecified. Precondition: capacity >= 1.
Result<Words, WordsError> split_shell_words(char* line, char** words, size_t capacity);

}  // namespace cw::user
