// Console log as the reference's devices write it (PROTOCOL.md 9): "[HH:MM:SS][SEVERITY] message"
// on stderr, filtered by --verbosity, coloured unless --log-color false.
#ifndef INTEROP_TESTDEVICE_LOG_H
#define INTEROP_TESTDEVICE_LOG_H

#include <string>

namespace interop::testdevice
{

enum class Severity { Trace, Debug, Info, State, Warn, Error };

// TRACE, DEBUG, RESULTS, INFO, STATE, WARN, ERROR, NOLOG (unknown: DEBUG, with an error line).
void configureLog(const std::string& verbosity, bool color);

void log(Severity severity, const std::string& message);

inline void logDebug(const std::string& m) { log(Severity::Debug, m); }
inline void logInfo(const std::string& m) { log(Severity::Info, m); }
inline void logState(const std::string& m) { log(Severity::State, m); }
inline void logWarn(const std::string& m) { log(Severity::Warn, m); }
inline void logError(const std::string& m) { log(Severity::Error, m); }

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_LOG_H
