#include "functions/worker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace eddy::functions {
namespace {

constexpr int kChildChannelIn = 3;   // the child reads requests here
constexpr int kChildChannelOut = 4;  // the child writes messages here
// Pipe ends are moved above the fds they are dup2'ed onto in the child, so
// no dup2 overwrites a source that a later one still needs.
constexpr int kLowestPipeFd = 5;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// A CLOEXEC pipe whose ends are both >= kLowestPipeFd.
bool MakePipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    if (fds[i] >= kLowestPipeFd) continue;
    int moved = ::fcntl(fds[i], F_DUPFD_CLOEXEC, kLowestPipeFd);
    ::close(fds[i]);
    fds[i] = moved;
  }
  if (fds[0] < 0 || fds[1] < 0) {
    CloseFd(fds[0]);
    CloseFd(fds[1]);
    return false;
  }
  return true;
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Owns the fds of a spawn in progress, closing whatever is left on any path.
struct PipeSet {
  int fds[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};  // stdin, stdout, stderr, channel in; out below
  int out_fds[2] = {-1, -1};
  ~PipeSet() {
    for (auto& pair : fds) CloseFd(pair[0]), CloseFd(pair[1]);
    CloseFd(out_fds[0]);
    CloseFd(out_fds[1]);
  }
};

int64_t ReadVmHwmKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtoll(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace

std::unique_ptr<WorkerProcess> WorkerProcess::Spawn(const ProcessSpec& spec, std::string* error) {
  PipeSet pipes;
  enum { kStdin, kStdout, kStderr, kChannelIn };
  int pipe_count = spec.private_channel ? 4 : 3;
  for (int i = 0; i < pipe_count; ++i) {
    if (!MakePipe(pipes.fds[i])) {
      *error = std::string("pipe: ") + std::strerror(errno);
      return nullptr;
    }
  }
  if (spec.private_channel && !MakePipe(pipes.out_fds)) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipes.fds[kStdin][0], 0);
  posix_spawn_file_actions_adddup2(&actions, pipes.fds[kStdout][1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipes.fds[kStderr][1], 2);
  if (spec.private_channel) {
    posix_spawn_file_actions_adddup2(&actions, pipes.fds[kChannelIn][0], kChildChannelIn);
    posix_spawn_file_actions_adddup2(&actions, pipes.out_fds[1], kChildChannelOut);
  }
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());

  // eddy ignores SIGPIPE and its threads may block signals; a child starts
  // with default dispositions and an empty mask, in a process group of its own.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> argv = CStrings(spec.argv);
  std::vector<char*> envp = CStrings(spec.env);
  pid_t pid = -1;
  int rc = spec.argv.empty() ? EINVAL : posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    *error = "cannot start " + (spec.argv.empty() ? std::string("(empty command)") : spec.argv[0]) + ": " +
             std::strerror(rc);
    return nullptr;
  }

  std::unique_ptr<WorkerProcess> process(new WorkerProcess());
  process->pid_ = pid;
  process->pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // O_CLOEXEC by definition
  auto take = [](int& fd) {
    int taken = fd;
    fd = -1;
    SetNonBlocking(taken);
    return taken;
  };
  if (spec.private_channel) {
    process->input_fd_ = take(pipes.fds[kChannelIn][1]);
    process->channel_.fd = take(pipes.out_fds[0]);
    // The child's stdin is a pipe already at EOF (its write end is closed
    // below), like /dev/null: a handler never reads eddy's terminal.
  } else {
    process->input_fd_ = take(pipes.fds[kStdin][1]);
  }
  process->stdout_.fd = take(pipes.fds[kStdout][0]);
  process->stderr_.fd = take(pipes.fds[kStderr][0]);
  // The child's ends (and the unused ones) are closed by ~PipeSet.
  return process;
}

WorkerProcess::~WorkerProcess() {
  Kill();
  Reap();
  CloseFd(pidfd_);
  CloseFd(input_fd_);
  CloseFd(stdout_.fd);
  CloseFd(stderr_.fd);
  CloseFd(channel_.fd);
}

void WorkerProcess::Send(std::string_view bytes) {
  pending_input_.append(bytes);
  WritePending();
}

void WorkerProcess::CloseInputWhenSent() {
  close_input_when_sent_ = true;
  if (pending_input_.empty()) CloseInput();
}

void WorkerProcess::CloseInput() { CloseFd(input_fd_); }

void WorkerProcess::AttachChannel(int message_fd) {
  pending_input_.clear();
  CloseInput();
  CloseFd(channel_.fd);
  channel_.fd = message_fd;
  SetNonBlocking(message_fd);
}

void WorkerProcess::WritePending() {
  while (!pending_input_.empty() && input_fd_ >= 0) {
    ssize_t n = ::write(input_fd_, pending_input_.data(), pending_input_.size());
    if (n > 0) {
      pending_input_.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      return;  // Pump() waits for POLLOUT
    } else {
      // EPIPE: the child closed its input (SIGPIPE is ignored by the runner).
      pending_input_.clear();
      CloseInput();
      return;
    }
  }
  if (pending_input_.empty() && close_input_when_sent_) CloseInput();
}

bool WorkerProcess::ReadAvailable(Reader& reader) {
  char chunk[65536];
  while (reader.fd >= 0) {
    ssize_t n = ::read(reader.fd, chunk, sizeof chunk);
    if (n > 0) {
      reader.buffer.append(chunk, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      return true;
    } else {
      CloseFd(reader.fd);
      return false;
    }
  }
  return false;
}

void WorkerProcess::EmitLines(Stream stream, Reader& reader, const LineFn& on_line) {
  size_t start = 0;
  for (size_t nl; (nl = reader.buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
    on_line(stream, std::string_view(reader.buffer).substr(start, nl + 1 - start));
  }
  reader.buffer.erase(0, start);
}

void WorkerProcess::DrainOutput(const LineFn& on_line) {
  ReadAvailable(stdout_);
  EmitLines(Stream::kStdout, stdout_, on_line);
  ReadAvailable(stderr_);
  EmitLines(Stream::kStderr, stderr_, on_line);
}

void WorkerProcess::FlushPartialLines(const LineFn& on_line) {
  if (!stdout_.buffer.empty()) on_line(Stream::kStdout, stdout_.buffer);
  if (!stderr_.buffer.empty()) on_line(Stream::kStderr, stderr_.buffer);
  stdout_.buffer.clear();
  stderr_.buffer.clear();
}

bool WorkerProcess::TakeMessage(std::string* message) {
  size_t nl = channel_.buffer.find('\n');
  if (nl == std::string::npos) return false;
  message->assign(channel_.buffer, 0, nl);
  channel_.buffer.erase(0, nl + 1);
  return true;
}

WorkerProcess::Event WorkerProcess::Pump(std::chrono::steady_clock::time_point deadline, int wake_fd,
                                         const LineFn& on_line, std::string* message) {
  for (;;) {
    if (TakeMessage(message)) {
      DrainOutput(on_line);
      return Event::kMessage;
    }
    if (exited_) return Event::kExited;

    pollfd fds[6];
    nfds_t count = 0;
    auto watch = [&](int fd, short events) {
      if (fd >= 0) fds[count++] = pollfd{fd, events, 0};
    };
    watch(stdout_.fd, POLLIN);
    watch(stderr_.fd, POLLIN);
    watch(channel_.fd, POLLIN);
    watch(pidfd_, POLLIN);
    watch(wake_fd, POLLIN);
    if (!pending_input_.empty()) watch(input_fd_, POLLOUT);

    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return Event::kDeadline;
    // Round up so poll never returns just before the deadline and spins.
    auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    int ready = ::poll(fds, count, static_cast<int>(std::min<int64_t>(wait_ms, 1 << 30)));
    if (ready < 0 && errno != EINTR) return Event::kDeadline;  // cannot happen with valid fds
    if (ready <= 0) continue;

    bool woken = false, pid_exited = false;
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == wake_fd) woken = true;
      if (fds[i].fd == pidfd_) pid_exited = true;
    }
    if (!pending_input_.empty()) WritePending();
    // Output first, then the channel: the child writes its output before the
    // message that follows it, so this keeps their order.
    DrainOutput(on_line);
    ReadAvailable(channel_);
    if (pid_exited) {
      // Everything the process wrote is in the pipes by now; read it once more
      // and stop (a grandchild may hold the pipes open, so never wait for EOF).
      DrainOutput(on_line);
      ReadAvailable(channel_);
      MaxMemoryUsedKb();
      exited_ = true;
    }
    if (pidfd_ < 0 && stdout_.fd < 0 && stderr_.fd < 0 && channel_.fd < 0) exited_ = true;  // no pidfd: EOF
    if (woken) return Event::kWoken;
  }
}

void WorkerProcess::Kill() {
  std::lock_guard lock(reap_mutex_);
  if (reaped_ || pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
}

int WorkerProcess::Reap() {
  if (pid_ <= 0) return 0;
  {
    std::lock_guard lock(reap_mutex_);
    if (reaped_) return wait_status_;
  }
  // Wait without reaping, so the pid stays ours until reaped_ is set under the
  // lock that Kill() takes.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  std::lock_guard lock(reap_mutex_);
  rusage usage{};
  int status = 0;
  pid_t rc;
  while ((rc = ::wait4(pid_, &status, 0, &usage)) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  exited_ = true;
  if (rc == pid_) {
    wait_status_ = status;
    if (usage.ru_maxrss > 0) max_memory_kb_ = std::max<int64_t>(max_memory_kb_, usage.ru_maxrss);
  }
  return wait_status_;
}

int64_t WorkerProcess::MaxMemoryUsedKb() {
  std::lock_guard lock(reap_mutex_);
  if (!reaped_) {
    int64_t hwm = ReadVmHwmKb(pid_);
    if (hwm > 0) max_memory_kb_ = hwm;
  }
  return max_memory_kb_;
}

}  // namespace eddy::functions
