#include "Log.h"

#include <chrono>
#include <ctime>
#include <iostream>
#include <mutex>

namespace interop::testdevice
{

namespace
{

int gThreshold = static_cast<int>(Severity::Debug);
bool gColor = true;
std::mutex gMutex;

const char* name(Severity s)
{
    switch (s) {
        case Severity::Trace: return "TRACE";
        case Severity::Debug: return "DEBUG";
        case Severity::Info: return "INFO";
        case Severity::State: return "STATE";
        case Severity::Warn: return "WARN";
        case Severity::Error: return "ERROR";
    }
    return "?";
}

const char* colour(Severity s)
{
    switch (s) {
        case Severity::Error: return "\033[01;31m";
        case Severity::Warn: return "\033[01;33m";
        case Severity::State: return "\033[01;35m";
        case Severity::Info: return "\033[01;32m";
        default: return "\033[01;34m";
    }
}

} // namespace

void configureLog(const std::string& verbosity, bool color)
{
    gColor = color;
    if (verbosity == "TRACE") {
        gThreshold = static_cast<int>(Severity::Trace);
    } else if (verbosity == "DEBUG") {
        gThreshold = static_cast<int>(Severity::Debug);
    } else if (verbosity == "RESULTS" || verbosity == "INFO") {
        gThreshold = static_cast<int>(Severity::Info);
    } else if (verbosity == "STATE") {
        gThreshold = static_cast<int>(Severity::State);
    } else if (verbosity == "WARN") {
        gThreshold = static_cast<int>(Severity::Warn);
    } else if (verbosity == "ERROR") {
        gThreshold = static_cast<int>(Severity::Error);
    } else if (verbosity == "NOLOG") {
        gThreshold = static_cast<int>(Severity::Error) + 1;
    } else {
        gThreshold = static_cast<int>(Severity::Debug);
        log(Severity::Error, "verbosity level '" + verbosity + "' unknown, it will be set to DEBUG");
    }
}

void log(Severity severity, const std::string& message)
{
    if (static_cast<int>(severity) < gThreshold) {
        return;
    }
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
    std::lock_guard<std::mutex> lock(gMutex);
    if (gColor) {
        std::cerr << "[\033[01;36m" << clock << "\033[0m][" << colour(severity) << name(severity) << "\033[0m] "
                  << message << std::endl;
    } else {
        std::cerr << "[" << clock << "][" << name(severity) << "] " << message << std::endl;
    }
}

} // namespace interop::testdevice
