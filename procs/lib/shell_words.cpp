#include "procs/lib/shell_words.h"

namespace cw::user {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool ends_word(char c) { return c == '\0' || is_blank(c) || c == '&'; }

// Copies one word from `*read` to `*write` (never ahead of `*read`: the result is never longer than
// the input), stopping before the first unquoted blank, '&' or the end of the line.
Result<void, WordsError> copy_word(char** read, char** write) {
  char* r = *read;
  char* w = *write;
  while (!ends_word(*r)) {
    char c = *r++;
    if (c == '\\') {
      if (*r == '\0') return WordsError::TrailingBackslash;
      *w++ = *r++;
    } else if (c == '\'') {
      for (; *r != '\''; *w++ = *r++)
        if (*r == '\0') return WordsError::UnterminatedSingleQuote;
      ++r;
    } else if (c == '"') {
      for (; *r != '"'; *w++ = *r++) {
        if (*r == '\0') return WordsError::UnterminatedDoubleQuote;
        if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) ++r;
      }
      ++r;
    } else {
      *w++ = c;
    }
  }
  *read = r;
  *write = w;
  return {};
}

}  // namespace

const char* describe(WordsError error) {
  switch (error) {
    case WordsError::UnterminatedSingleQuote: return "unterminated single quote";
    case WordsError::UnterminatedDoubleQuote: return "unterminated double quote";
    case WordsError::TrailingBackslash: return "backslash at the end of the line";
    case WordsError::TooManyWords: return "too many words";
    case WordsError::AmpersandNotLast: return "'&' must end the command";
    case WordsError::AmpersandAlone: return "'&' without a command";
  }
  return "bad command line";
}

Result<Words, WordsError> split_shell_words(char* line, char** words, size_t capacity) {
  Words out;
  char* r = line;
  char* w = line;
  for (;;) {
    while (is_blank(*r)) ++r;
    if (*r == '\0') break;
    if (out.background) return WordsError::AmpersandNotLast;
    if (*r == '&') {
      if (out.count == 0) return WordsError::AmpersandAlone;
      out.background = true;
      ++r;
      continue;
    }
    if (out.count + 1 >= capacity) return WordsError::TooManyWords;
    char* word = w;
    TRY(copy_word(&r, &w));
    // The word's NUL may land on the character that ended it (when nothing was removed from the word,
    // w == r), so look at that character first.
    char stop = *r;
    *w++ = '\0';
    words[out.count++] = word;
    if (stop == '\0') break;
    if (stop == '&') out.background = true;
    ++r;
  }
  words[out.count] = nullptr;
  return out;
}

}  // namespace cw::user
