// WorkerProcess: one child process with its stdio (and optionally a private
// message channel) on pipes, pumped by the invoking thread with poll().
//
// Every runtime uses it: a python or node worker lives across invocations and
// talks over the channel (fd 3 = requests to the child, fd 4 = messages from
// it, so the handler's own stdout/stderr stay plain log output); a provided
// runtime's messages come from its Runtime API server (AttachChannel); a
// command lives for one invocation and gets the event on stdin.
//
// No threads, no sleeps: Pump() waits in poll() on the output pipes, the
// channel, a pidfd (exit), an optional wake fd (shutdown) and the deadline.
// All eddy-side fds are O_CLOEXEC, so a worker never inherits another worker's
// pipes or eddy's sockets. The child gets its own process group, so a kill
// also takes down whatever it forked.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::functions {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in eddy's PATH when it has no '/'
  std::vector<std::string> env;   // "NAME=value", the child's whole environment
  std::string cwd;
  bool private_channel = false;   // fds 3 (eddy -> child) and 4 (child -> eddy)
};

class WorkerProcess {
 public:
  enum class Stream { kStdout, kStderr };
  // One complete output line, with its "\n" (the last unterminated line
  // comes without one, from FlushPartialLines).
  using LineFn = std::function<void(Stream, std::string_view line)>;

  enum class Event {
    kMessage,   // a complete channel message is in *message (newline stripped)
    kExited,    // the process exited; its output has been drained
    kDeadline,  // the deadline passed
    kWoken,     // wake_fd became readable
  };

  // Returns nullptr and sets *error when the process cannot be started
  // (pipes exhausted, executable not found, bad cwd).
  static std::unique_ptr<WorkerProcess> Spawn(const ProcessSpec& spec, std::string* error);

  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;
  ~WorkerProcess();  // Kill(), Reap(), close every fd: no zombies

  pid_t pid() const { return pid_; }

  // Queues bytes for the child: the channel when there is one, else stdin.
  // Written by Pump() as the pipe accepts them (a child that does not read
  // cannot block eddy).
  void Send(std::string_view bytes);
  // Closes the child's input once the queued bytes are written (stdin EOF).
  void CloseInputWhenSent();
  // For a child without a private channel whose messages come from elsewhere
  // (a provided runtime's Runtime API server): Pump() reads messages from
  // `message_fd`, which the process now owns, and the child's stdin is closed
  // (at EOF, as a python worker's is).
  void AttachChannel(int message_fd);

  // Moves bytes until one of the Events. Complete output lines go to
  // `on_line` as they arrive; before a channel message is returned, the
  // output pipes are drained, so output the child wrote before the message
  // is reported before it. `wake_fd` may be -1.
  Event Pump(std::chrono::steady_clock::time_point deadline, int wake_fd, const LineFn& on_line,
             std::string* message);
  // Reports an unterminated last line of each stream, if any.
  void FlushPartialLines(const LineFn& on_line);

  // SIGKILL to the child's process group. Safe from another thread while the
  // owner pumps (Shutdown); a no-op once reaped.
  void Kill();
  // Waits for the child to exit and reaps it; returns the wait status.
  // Call after Kill() or kExited. Idempotent.
  int Reap();
  bool exited() const { return exited_; }
  // Peak resident memory in KiB: VmHWM while the child runs, its rusage
  // ru_maxrss once reaped; the last value seen if neither is available.
  int64_t MaxMemoryUsedKb();

 private:
  WorkerProcess() = default;
  struct Reader {
    int fd = -1;
    std::string buffer;  // bytes read, not yet a complete line
  };
  // Reads what is available now; returns false at EOF or error (fd closed).
  bool ReadAvailable(Reader& reader);
  void DrainOutput(const LineFn& on_line);
  void EmitLines(Stream stream, Reader& reader, const LineFn& on_line);
  bool TakeMessage(std::string* message);
  void WritePending();
  void CloseInput();

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int input_fd_ = -1;  // channel (fd 3 in the child) or stdin
  std::string pending_input_;
  bool close_input_when_sent_ = false;
  Reader stdout_, stderr_, channel_;
  bool exited_ = false;

  std::mutex reap_mutex_;  // orders Kill() against Reap() so a reused pid is never signalled
  bool reaped_ = false;
  int wait_status_ = 0;
  int64_t max_memory_kb_ = 0;
};

}  // namespace eddy::functions
