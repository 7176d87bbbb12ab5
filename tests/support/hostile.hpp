#pragma once
// Helpers for tests/hostile/: the whole command in process, in a forked child that may not start a
// process, and as the real binary; and a digest of a tree to prove a run changed nothing in it.

#include "cli/run.hpp"

#include "fake_environment.hpp"
#include "temp_tree.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace test_support {

namespace fs = std::filesystem;

// The one place a run writes: the history cache, in git's own folder (tests/hostile checks it is the only one).
inline bool is_history_cache(const std::string& relative_path)
{
  return relative_path == ".git/rollout-audit" || relative_path.starts_with(".git/rollout-audit/");
}

// Every entry under `root`, .git included, symbolic links not followed: its kind and a 64-bit FNV-1a digest
// of its bytes (or its link target). Equal digests before and after a run: nothing was written, created,
// removed or re-linked. The history cache is left out unless asked for.
inline std::map<std::string, std::string> tree_digest(const fs::path& root, bool with_history_cache = false)
{
  std::map<std::string, std::string> digest;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::none, error), end; !error && it != end;
       it.increment(error)) {
    const auto status = it->symlink_status(error);
    const std::string path = it->path().lexically_relative(root).generic_string();
    if (!with_history_cache && is_history_cache(path)) {
      continue;
    }
    std::string kind;
    std::string bytes;
    if (fs::is_symlink(status)) {
      kind = "link";
      bytes = fs::read_symlink(it->path(), error).string();
    } else if (fs::is_directory(status)) {
      kind = "dir";
    } else {
      kind = "file";
      bytes = read_file(it->path());
    }
    uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : bytes) {
      hash = (hash ^ c) * 1099511628211ULL;
    }
    digest[path] = kind + " " + std::to_string(bytes.size()) + " " + std::to_string(hash) + " "
                   + std::to_string(static_cast<unsigned>(status.permissions()));
  }
  return digest;
}

struct Outcome
{
  bool exited = false; // false: killed by a signal (or timed out)
  int code = -1;
  int signal = 0;
  bool timed_out = false;
  bool skipped = false; // the means of the run was not available here (seccomp, strace)
  std::string out;
  std::string err;
};

inline Outcome run_in_process(const std::vector<std::string>& arguments)
{
  FakeEnvironment environment;
  Outcome outcome;
  outcome.code = cli::run(arguments, environment);
  outcome.exited = true;
  outcome.out = std::move(environment.out);
  outcome.err = std::move(environment.err);
  return outcome;
}

// A scratch folder for a child's output, outside any audited tree.
class Scratch
{
public:
  Scratch()
  {
    char pattern[] = "/tmp/rollout-audit-scratch-XXXXXX";
    m_path = ::mkdtemp(pattern) ? pattern : "";
    std::error_code error;
    fs::permissions(m_path, fs::perms::all, error); // a child that dropped root writes here too
  }
  ~Scratch()
  {
    std::error_code error;
    fs::remove_all(m_path, error);
  }
  fs::path path(const std::string& name) const
  {
    return fs::path(m_path) / name;
  }

private:
  std::string m_path;
};

// Waits for a child for at most `seconds`, then kills it.
inline void wait_child(pid_t child, int seconds, Outcome& outcome)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) {
      break;
    }
    if (done < 0 || std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      outcome.timed_out = done >= 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) {
    outcome.exited = !outcome.timed_out;
    outcome.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
  }
}

// The real binary, as CI runs it: `binary arguments...` in `directory`, stdout and stderr captured.
inline Outcome run_binary(const std::string& binary,
                          const std::vector<std::string>& arguments,
                          const std::string& directory,
                          int seconds = 600,
                          const std::vector<std::string>& prefix = {})
{
  Scratch scratch;
  const auto out_path = scratch.path("out");
  const auto err_path = scratch.path("err");
  std::vector<std::string> words = prefix;
  words.push_back(binary);
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words) {
    argv.push_back(word.data());
  }
  argv.push_back(nullptr);
  Outcome outcome;
  const pid_t child = ::fork();
  if (child == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || null < 0 || ::chdir(directory.c_str()) != 0) {
      ::_exit(126);
    }
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  wait_child(child, seconds, outcome);
  outcome.out = read_file(out_path);
  outcome.err = read_file(err_path);
  return outcome;
}

// Kills the calling process (SIGSYS) at execve, execveat, fork, vfork or a clone that is not a thread;
// clone3, whose flags a filter cannot read, fails with ENOSYS so the C library falls back to clone.
inline bool forbid_new_processes()
{
  constexpr unsigned k_kill = SECCOMP_RET_KILL_PROCESS;
  constexpr unsigned k_allow = SECCOMP_RET_ALLOW;
  constexpr unsigned k_enosys = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);
  sock_filter filter[] = {
    /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    /* 2 */ BPF_STMT(BPF_RET | BPF_K, k_kill),
    /* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 7, 0),
    /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 6, 0),
    /* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fork, 5, 0),
    /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_vfork, 4, 0),
    /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 4, 0),
    /* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 4, 0),
    /* 10 */ BPF_STMT(BPF_RET | BPF_K, k_allow),
    /* 11 */ BPF_STMT(BPF_RET | BPF_K, k_allow),
    /* 12 */ BPF_STMT(BPF_RET | BPF_K, k_kill),
    /* 13 */ BPF_STMT(BPF_RET | BPF_K, k_enosys),
    /* 14 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
    /* 15 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
    /* 16 */ BPF_STMT(BPF_RET | BPF_K, k_allow),
    /* 17 */ BPF_STMT(BPF_RET | BPF_K, k_kill),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0])), filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

// The whole command in a forked child that is killed if it starts any process (seccomp), or that drops
// root for `uid` first; the outcome of that child.
inline Outcome run_in_child(const std::vector<std::string>& arguments, bool no_spawn, std::optional<uid_t> uid = std::nullopt,
                            int seconds = 600)
{
  Scratch scratch;
  const auto out_path = scratch.path("out");
  const auto err_path = scratch.path("err");
  std::ofstream(out_path).flush();
  std::ofstream(err_path).flush();
  std::error_code error;
  fs::permissions(out_path, fs::perms::all, error);
  fs::permissions(err_path, fs::perms::all, error);
  std::fflush(nullptr);
  Outcome outcome;
  const pid_t child = ::fork();
  if (child == 0) {
    if (uid && (::setgid(*uid) != 0 || ::setuid(*uid) != 0)) {
      ::_exit(77);
    }
    if (no_spawn && !forbid_new_processes()) {
      ::_exit(77);
    }
    FakeEnvironment environment;
    const int code = cli::run(arguments, environment);
    std::ofstream(out_path, std::ios::binary) << environment.out;
    std::ofstream(err_path, std::ios::binary) << environment.err;
    ::_exit(code);
  }
  wait_child(child, seconds, outcome);
  outcome.skipped = outcome.exited && outcome.code == 77;
  outcome.out = read_file(out_path);
  outcome.err = read_file(err_path);
  return outcome;
}

inline std::string describe(const Outcome& outcome)
{
  std::ostringstream text;
  if (outcome.timed_out) {
    text << "timed out";
  } else if (outcome.exited) {
    text << "exit " << outcome.code;
  } else {
    text << "killed by signal " << outcome.signal;
  }
  text << "\n--- stdout (first 2000 bytes) ---\n" << outcome.out.substr(0, 2000) << "\n--- stderr ---\n" << outcome.err.substr(0, 2000);
  return text.str();
}

// The promise for every input: a normal exit with 0, 1 or 2 and something said about it.
inline void check_defined_exit(const Outcome& outcome)
{
  INFO(describe(outcome));
  CHECK(outcome.exited);
  CHECK((outcome.code == 0 || outcome.code == 1 || outcome.code == 2));
  CHECK_FALSE((outcome.out.empty() && outcome.err.empty()));
}

} // namespace test_support
