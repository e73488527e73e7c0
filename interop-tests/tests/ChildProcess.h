// A child process with pipes on stdin and stdout, for driving the interop executables from tests.
#ifndef INTEROP_TESTS_CHILDPROCESS_H
#define INTEROP_TESTS_CHILDPROCESS_H

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace interop::test
{

class ChildProcess
{
  public:
    // Starts `path` with `args` (argv[0] is added); stderr is inherited. Throws on failure.
    ChildProcess(const std::string& path, const std::vector<std::string>& args);
    // Kills (SIGKILL) and reaps the child if it is still running.
    ~ChildProcess();

    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void writeLine(const std::string& line);
    void closeStdin();
    // Next line of stdout (without newline); nullopt on timeout or end of output.
    std::optional<std::string> readLine(std::chrono::milliseconds timeout);
    // All remaining stdout lines until EOF (or the timeout ends).
    std::vector<std::string> readAll(std::chrono::milliseconds timeout);
    // Exit status: the exit code, or 128 + signal number; nullopt if still running at the timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void signal(int sig);
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int stdout_ = -1;
    std::string buffer_;
    bool eof_ = false;
    std::optional<int> status_;
};

} // namespace interop::test

#endif // INTEROP_TESTS_CHILDPROCESS_H
