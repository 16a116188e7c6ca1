/* glibc_exec: execve of files outside /bin, built with the stock toolchain (`gcc -m32 -static -O2`,
 * Debian 12 glibc 2.36, nothing from Clockwork). Every line is what Linux prints for the same steps (run
 * it on Linux to compare: it works in /tmp/glibc_exec and removes it).
 *   1. a copy of this program in /tmp (read through /proc/self/exe) runs: its argv, /proc/self/exe,
 *      AT_EXECFN, its name in /proc/self/stat and /proc/self/maps name the copy;
 *   2. "#!" scripts: the interpreter with the line's one argument (inner blanks kept, outer ones trimmed),
 *      the script's path as execve was given it (relative too) in place of argv[0], the rest of argv;
 *      AT_EXECFN and the process name are the script's;
 *   3. nested scripts: each interpreter that is a script is replaced in turn; five levels run, six are
 *      ELOOP;
 *   4. errors: ENOEXEC (no format: text, a bad ELF header, "#!" with no name, a name longer than the
 *      256 bytes Linux reads), EACCES (no execute bit on the file or on the interpreter), ENOENT (no
 *      interpreter);
 *   5. ETXTBSY: execve of a file open for writing; open for writing and truncate of a running program;
 *      both fine again once it is gone;
 *   6. a running copy whose file is unlinked: /proc/PID/exe and its maps lines name it by its last path
 *      with " (deleted)" (Linux fs/d_path.c).
 * Run as the copy, with GLIBC_EXEC_CHILD in the environment, it reports on itself instead ("show") or
 * holds still until told to go ("hold").
 * Expected output: tests/integration/cases/glibc-exec-29.test. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_exec";
int check_failures;

#define DIR_PATH "/tmp/glibc_exec"
#define COPY DIR_PATH "/copy"

static char buffer[1 << 16];
static char *show_env[] = {"GLIBC_EXEC_CHILD=show", NULL};

/* --- The copy's side. --- */

/* The name in /proc/self/stat's second field, without the parentheses. */
static void stat_name(char *out, size_t size) {
  char stat[512];
  out[0] = '\0';
  if (read_whole_file("/proc/self/stat", stat, sizeof stat) <= 0) return;
  char *open_paren = strchr(stat, '(');
  char *close_paren = strrchr(stat, ')');
  if (!open_paren || !close_paren || close_paren < open_paren) return;
  size_t n = (size_t)(close_paren - open_paren - 1);
  if (n >= size) n = size - 1;
  memcpy(out, open_paren + 1, n);
  out[n] = '\0';
}

/* How many lines of /proc/self/maps end in " PATH". */
static int maps_lines_naming(const char *path) {
  static char maps[1 << 15];
  if (read_whole_file("/proc/self/maps", maps, sizeof maps) <= 0) return -1;
  int count = 0;
  size_t length = strlen(path);
  for (char *line = maps; *line;) {
    char *end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    if ((size_t)(end - line) > length && end[-(long)length - 1] == ' ' &&
        memcmp(end - length, path, length) == 0)
      ++count;
    line = *end ? end + 1 : end;
  }
  return count;
}

static int show(int argc, char **argv) {
  char line[1024];
  int at = snprintf(line, sizeof line, "argc %d:", argc);
  for (int i = 0; i < argc && at < (int)sizeof line; ++i) at += snprintf(line + at, sizeof line - at, " [%s]", argv[i]);
  say("  %s", line);
  char exe[256];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = '\0';
  char name[64];
  stat_name(name, sizeof name);
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  say("  exe %s, AT_EXECFN %s, name %s, maps lines naming the exe: %s", exe, execfn ? execfn : "(none)", name,
      maps_lines_naming(exe) > 0 ? "some" : "none");
  return 0;
}

/* Tells fd HOLD_READY it runs, then waits for fd HOLD_RELEASE to close. */
#define HOLD_READY 20
#define HOLD_RELEASE 21
static int hold(void) {
  if (write(HOLD_READY, "r", 1) != 1) return 2;
  char c;
  while (read(HOLD_RELEASE, &c, 1) > 0) {
  }
  return 0;
}

/* --- The parent's side. --- */

static void write_file(const char *path, const void *bytes, size_t length, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  CHECK(fd >= 0, "create %s: %s", path, strerror(errno));
  if (fd < 0) return;
  CHECK(write(fd, bytes, length) == (ssize_t)length, "write %s: %s", path, strerror(errno));
  close(fd);
  CHECK(chmod(path, mode) == 0, "chmod %s", path);
}

static void write_text(const char *path, const char *text, mode_t mode) { write_file(path, text, strlen(text), mode); }

/* Runs path with argv in a child and waits for it; the child's lines come first. */
static void run(const char *path, char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execve(path, argv, show_env);
    say("  execve %s: %s", path, strerror(errno));
    _exit(127);
  }
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status %#x", path,
        status);
}

static void copy_of_self(void) {
  long size = read_whole_file("/proc/self/exe", buffer, sizeof buffer);
  CHECK(size > 52, "read /proc/self/exe: %ld", size);
  /* The whole program: read_whole_file stops at the buffer; read the rest in pieces. */
  int in = open("/proc/self/exe", O_RDONLY);
  int out = open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  CHECK(in >= 0 && out >= 0, "open for the copy: %s", strerror(errno));
  ssize_t n;
  while ((n = read(in, buffer, sizeof buffer)) > 0) CHECK(write(out, buffer, n) == n, "write the copy");
  close(in);
  close(out);
  char *argv[] = {"copy", "one", "two words", NULL};
  say("1. an ELF copy of the program in /tmp runs");
  run(COPY, argv);
}

static void scripts(void) {
  write_text(DIR_PATH "/s1", "#!" COPY "  \t -x  y \t\necho not read\n", 0755);
  write_text(DIR_PATH "/s2", "#!" COPY "\n", 0755);
  say("2. #! scripts: the interpreter, its one argument, the script's path, the rest of argv");
  char *argv1[] = {"s1-argv0", "p", "q r", NULL};
  run(DIR_PATH "/s1", argv1);
  CHECK(chdir(DIR_PATH) == 0, "chdir");
  char *argv2[] = {"zero", "q", NULL};
  run("./s2", argv2);
  CHECK(chdir("/") == 0, "chdir /");
}

static void nesting(void) {
  write_text(DIR_PATH "/n0", "#!" DIR_PATH "/s1 n\n", 0755);
  say("3. a script whose interpreter is a script; five levels run, six are ELOOP");
  char *argv[] = {"n0", "z", NULL};
  run(DIR_PATH "/n0", argv);
  write_text(DIR_PATH "/d1", "#!" COPY "\n", 0755);
  for (int i = 2; i <= 6; ++i) {
    char path[64], text[64];
    snprintf(path, sizeof path, DIR_PATH "/d%d", i);
    snprintf(text, sizeof text, "#!" DIR_PATH "/d%d\n", i - 1);
    write_text(path, text, 0755);
  }
  char *argv5[] = {"d5", NULL};
  run(DIR_PATH "/d5", argv5);
  CHECK_ERRNO(execve(DIR_PATH "/d6", argv5, show_env), ELOOP);
}

static void errors(void) {
  char *argv[] = {"x", NULL};
  write_text(DIR_PATH "/text", "just text\n", 0755);
  CHECK_ERRNO(execve(DIR_PATH "/text", argv, show_env), ENOEXEC);
  /* The copy with another machine (x86-64) in its header, and as a relocatable file. */
  long size = read_whole_file(COPY, buffer, 4096);
  CHECK(size == 4095, "read the copy's header: %ld", size);
  buffer[18] = 62;
  write_file(DIR_PATH "/machine", buffer, 4095, 0755);
  buffer[18] = 3;
  buffer[16] = 1;
  write_file(DIR_PATH "/relocatable", buffer, 4095, 0755);
  CHECK_ERRNO(execve(DIR_PATH "/machine", argv, show_env), ENOEXEC);
  CHECK_ERRNO(execve(DIR_PATH "/relocatable", argv, show_env), ENOEXEC);
  write_text(DIR_PATH "/empty-line", "#!\n", 0755);
  write_text(DIR_PATH "/blank-line", "#!  \t \n", 0755);
  CHECK_ERRNO(execve(DIR_PATH "/empty-line", argv, show_env), ENOEXEC);
  CHECK_ERRNO(execve(DIR_PATH "/blank-line", argv, show_env), ENOEXEC);
  char long_line[400] = "#!/";
  memset(long_line + 3, 'x', 300);
  long_line[303] = '\0';
  write_text(DIR_PATH "/long-name", long_line, 0755);
  CHECK_ERRNO(execve(DIR_PATH "/long-name", argv, show_env), ENOEXEC);
  write_text(DIR_PATH "/no-interpreter", "#!" DIR_PATH "/none\n", 0755);
  CHECK_ERRNO(execve(DIR_PATH "/no-interpreter", argv, show_env), ENOENT);
  write_text(DIR_PATH "/plain", "not executable\n", 0644);
  write_text(DIR_PATH "/plain-interpreter", "#!" DIR_PATH "/plain\n", 0755);
  CHECK_ERRNO(execve(DIR_PATH "/plain-interpreter", argv, show_env), EACCES);
  write_text(DIR_PATH "/unmarked", "#!" COPY "\n", 0644);
  CHECK_ERRNO(execve(DIR_PATH "/unmarked", argv, show_env), EACCES);
  CHECK(chmod(COPY, 0644) == 0, "chmod 644");
  CHECK_ERRNO(execve(COPY, argv, show_env), EACCES);
  CHECK(chmod(COPY, 0755) == 0, "chmod 755");
  say("4. ENOEXEC, ENOENT, EACCES and ELOOP as Linux");
}

/* Runs `path` as a held copy (argv[0] `name`) in a child: returns its pid once it runs; it goes on until
 * *release is closed, and *ready is to be closed after its waitpid. */
static pid_t start_held(const char *path, char *name, int *ready_read, int *release_write) {
  int ready[2], release[2];
  CHECK(pipe(ready) == 0 && pipe(release) == 0, "pipe");
  pid_t pid = fork();
  if (pid == 0) {
    /* Above every descriptor the pipes can have, so that neither dup2 closes the other's source. */
    dup2(ready[1], HOLD_READY);
    dup2(release[0], HOLD_RELEASE);
    close(release[1]);
    char *hold_env[] = {"GLIBC_EXEC_CHILD=hold", NULL};
    char *hold_argv[] = {name, NULL};
    execve(path, hold_argv, hold_env);
    _exit(127);
  }
  close(release[0]);
  close(ready[1]);
  char c = 0;
  CHECK(read(ready[0], &c, 1) == 1 && c == 'r', "the held copy %s did not start", name);
  *ready_read = ready[0];
  *release_write = release[1];
  return pid;
}

static void text_busy(void) {
  /* A file open for writing cannot be run. */
  int out = open(DIR_PATH "/writing", O_WRONLY | O_CREAT | O_TRUNC, 0755);
  int in = open(COPY, O_RDONLY);
  ssize_t n;
  while ((n = read(in, buffer, sizeof buffer)) > 0) CHECK(write(out, buffer, n) == n, "write");
  close(in);
  char *argv[] = {"writing", NULL};
  CHECK_ERRNO(execve(DIR_PATH "/writing", argv, show_env), ETXTBSY);
  close(out);
  run(DIR_PATH "/writing", argv);

  /* A running program cannot be opened for writing or truncated; read-only is fine. */
  int ready = -1, release = -1;
  pid_t pid = start_held(COPY, "held", &ready, &release);
  CHECK_ERRNO(open(COPY, O_WRONLY), ETXTBSY);
  CHECK_ERRNO(open(COPY, O_RDWR | O_TRUNC), ETXTBSY);
  CHECK_ERRNO(truncate(COPY, 0), ETXTBSY);
  int reader = open(COPY, O_RDONLY);
  CHECK(reader >= 0, "open read-only: %s", strerror(errno));
  close(reader);
  close(release);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "held: %#x", status);
  close(ready);
  int writer = open(COPY, O_WRONLY);
  CHECK(writer >= 0, "open for writing once it ended: %s", strerror(errno));
  close(writer);
  say("5. ETXTBSY: execve of a file open for writing, writing a running program; both fine afterwards");
}

/* A running program whose file is unlinked: /proc/PID/exe and its maps lines name it "PATH (deleted)". */
static void unlinked_runner(void) {
  int in = open(COPY, O_RDONLY);
  int out = open(DIR_PATH "/gone", O_WRONLY | O_CREAT | O_TRUNC, 0755);
  CHECK(in >= 0 && out >= 0, "open for the copy: %s", strerror(errno));
  ssize_t n;
  while ((n = read(in, buffer, sizeof buffer)) > 0) CHECK(write(out, buffer, n) == n, "write");
  close(in);
  close(out);
  int ready = -1, release = -1;
  pid_t pid = start_held(DIR_PATH "/gone", "gone", &ready, &release);
  CHECK(unlink(DIR_PATH "/gone") == 0, "unlink: %s", strerror(errno));
  char proc[64], exe[256];
  snprintf(proc, sizeof proc, "/proc/%d/exe", (int)pid);
  ssize_t length = readlink(proc, exe, sizeof exe - 1);
  exe[length > 0 ? length : 0] = '\0';
  snprintf(proc, sizeof proc, "/proc/%d/maps", (int)pid);
  static char maps[1 << 15];
  int naming = 0;
  if (read_whole_file(proc, maps, sizeof maps) > 0)
    for (char *line = strstr(maps, exe); *exe && line; line = strstr(line + 1, exe)) ++naming;
  say("6. a running program unlinked: exe [%s], maps lines naming it: %s", exe, naming > 0 ? "some" : "none");
  close(release);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "gone: %#x", status);
  close(ready);
}

static void remove_all(void) {
  static const char *names[] = {"copy", "s1", "s2", "n0", "d1", "d2", "d3", "d4", "d5", "d6", "text", "machine",
                                "relocatable", "empty-line", "blank-line", "long-name", "no-interpreter", "plain",
                                "plain-interpreter", "unmarked", "writing", "gone"};
  char path[64];
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
    snprintf(path, sizeof path, DIR_PATH "/%s", names[i]);
    unlink(path);
  }
  rmdir(DIR_PATH);
}

int main(int argc, char **argv) {
  const char *mode = getenv("GLIBC_EXEC_CHILD");
  if (mode && strcmp(mode, "show") == 0) return show(argc, argv);
  if (mode && strcmp(mode, "hold") == 0) return hold();
  check_begin();
  remove_all();
  CHECK(mkdir(DIR_PATH, 0755) == 0, "mkdir %s: %s", DIR_PATH, strerror(errno));
  copy_of_self();
  scripts();
  nesting();
  errors();
  text_busy();
  unlinked_runner();
  remove_all();
  return check_end();
}
