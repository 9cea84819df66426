"""dbt's console, kept to what dbt reports:

- on an interrupted run, its interrupted summary ("Exited because of keyboard interrupt", the
  CANCEL lines), without the stack trace of the KeyboardInterrupt that
  dbt.cli.requires.postflight reports for every BaseException (MainEncounteredError with an
  empty message, then MainStackTrace). The same goes for an error raised while handling the
  interrupt: mashumaro's generated from_dict wraps whatever it catches, KeyboardInterrupt
  included (a bare ``except:``), in InvalidFieldValue, so an interrupt during dbt's parse
  reaches postflight as "Field ... has invalid value". The log file keeps both.
- an interrupt or a lost driver once: py4j logs "KeyboardInterrupt while sending command." or
  "Exception while sending command." (a Py4JNetworkError) with its traceback on the root
  logger (py4j.java_gateway.GatewayClient.send_command, through logging.exception, which also
  gives the root logger a stderr handler) when either breaks a call into the JVM; dbt reports
  the model's error itself.
- the stack trace of dbt-core's own failure to read a profiles.yml of the wrong shape (a list
  where it indexes a mapping: a TypeError or AttributeError through postflight), when the host
  has found that shape and reports the file and key itself (host/profile_reader.hpp).
- dbt-core's report that it could not upload artifacts when its flags never loaded (the same
  profiles.yml of the wrong shape): postflight's `finally` then reads
  `upload_to_artifacts_ingest_api` from an empty Namespace and reports the AttributeError as an
  ArtifactUploadError, about an upload nobody asked for.
- py4j's DEBUG log of every call into the JVM, whatever level a Python model gives the root
  logger.
- dbt's console lines once the reader of standard output has gone (`dbt-session run | head -1`):
  each would fail with EPIPE, which Python's logging reports as a "--- Logging error ---"
  traceback on stderr (StreamHandler.handleError), one per line. The run goes on; its log file
  keeps every line.
- a failed statement's error once, as dbt reports it: pyspark 4 also logs every captured Spark
  error that has a query context (pyspark.errors.exceptions.base, ``_log_exception``) to the
  loggers below, as JSON with the Java stack, through a stderr handler every PySparkLogger
  gets. Nothing is lost by muting them: dbt's log file keeps the error it reports.

dbt writes console events through the standard Python logger "stdout_log"
(dbt_common.events.functions.get_stdout_config); a logging.Filter on that logger survives
dbt's reconfiguration of it at each invocation, which replaces only its handlers."""

import _thread
import logging
import re
import select
import sys
import threading

CONSOLE_LOGGER = "stdout_log"
PYSPARK_ERROR_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")

# Text lines end with the exception; JSON lines carry the event name.
_TEXT_TRACE = re.compile(r"Traceback \(most recent call last\):.*\bKeyboardInterrupt\s*$", re.DOTALL)
_JSON_TRACE = re.compile(r'"name": "MainStackTrace".*KeyboardInterrupt', re.DOTALL)
_EMPTY_ERROR = re.compile(r"Encountered an error:\s*$|\"msg\": \"Encountered an error:\\n\"")
# Either of postflight's two reports, whatever the exception, as text or JSON.
_POSTFLIGHT_REPORT = re.compile(r"Encountered an error:|Traceback \(most recent call last\):|"
                                r'"name": "Main(EncounteredError|StackTrace)"')

_UNLOADED_FLAGS_UPLOAD = re.compile(r"Error uploading artifacts to artifact ingestion API: "
                                    r"'Namespace' object has no attribute 'upload_to_artifacts_ingest_api'")


def caused_by_interrupt(error: BaseException | None) -> bool:
    """Whether `error` is a KeyboardInterrupt or was raised while handling one."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class KeyboardInterruptTraceFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if _TEXT_TRACE.search(text) or _JSON_TRACE.search(text) or _EMPTY_ERROR.search(text):
            return False
        # postflight logs its reports inside its `except BaseException` block.
        return not (_POSTFLIGHT_REPORT.search(text) and caused_by_interrupt(sys.exc_info()[1]))


class CrashReportFilter(logging.Filter):
    """postflight's reports of dbt-core indexing a list or a string as a mapping (a TypeError or
    an AttributeError), which a profile of the wrong shape makes it do."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = sys.exc_info()[1]  # postflight logs its reports inside its except blocks
        return not (isinstance(error, (TypeError, AttributeError))
                    and _POSTFLIGHT_REPORT.search(record.getMessage()))


def quiet_crash_reports(quiet: bool) -> None:
    """Whether dbt-core's crash reports stay off the console: the host reports the cause."""
    logger = logging.getLogger(CONSOLE_LOGGER)
    logger.filters = [kept for kept in logger.filters if not isinstance(kept, CrashReportFilter)]
    if quiet:
        logger.addFilter(CrashReportFilter())


class UnloadedFlagsUploadFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _UNLOADED_FLAGS_UPLOAD.search(record.getMessage())


def _add_filter_once(logger: logging.Logger, kind: type[logging.Filter]) -> None:
    if not any(isinstance(existing, kind) for existing in logger.filters):
        logger.addFilter(kind())


def quiet_upload_without_flags() -> None:
    _add_filter_once(logging.getLogger(CONSOLE_LOGGER), UnloadedFlagsUploadFilter)


class BrokenJvmCallRecordFilter(logging.Filter):
    """py4j's own report of a call into the JVM that an interrupt or a lost driver broke."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, KeyboardInterrupt) or type(error).__name__ == "Py4JNetworkError")


def quiet_keyboard_interrupt() -> None:
    _add_filter_once(logging.getLogger(CONSOLE_LOGGER), KeyboardInterruptTraceFilter)
    _add_filter_once(logging.getLogger(), BrokenJvmCallRecordFilter)


def quiet_py4j_debug() -> None:
    """py4j logs each call into the JVM at DEBUG ("py4j.clientserver"), through the root
    logger's handlers: a Python model that sets the root logger to DEBUG would put thousands of
    these lines on the console. The "py4j" logger's own level keeps them out; its warnings and
    errors pass as before."""
    logging.getLogger("py4j").setLevel(logging.WARNING)


class ClosedConsoleFilter(logging.Filter):
    """Drops dbt's console lines once standard output is a pipe whose reader has gone: Linux
    reports POLLERR on such a pipe's write end, which poll() returns without asking for it."""

    def __init__(self) -> None:
        super().__init__()
        self.reader_gone = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.reader_gone:
            try:
                poller = select.poll()
                poller.register(sys.stdout.fileno(), 0)
                self.reader_gone = any(events & select.POLLERR for _, events in poller.poll(0))
            except (AttributeError, OSError, ValueError):  # no file descriptor (a captured stdout)
                return True
        return not self.reader_gone


def quiet_closed_console() -> None:
    _add_filter_once(logging.getLogger(CONSOLE_LOGGER), ClosedConsoleFilter)


def redeliver_swallowed_interrupts() -> None:
    """A KeyboardInterrupt raised where Python ignores exceptions (an "Exception ignored in"
    callback: logging's at-fork lock release while pyspark forks spark-submit, a __del__) is
    lost, and the run would go on as if no signal had come. Python reports such exceptions to
    sys.unraisablehook: this one hands the interrupt back to the main thread (_thread.interrupt_main,
    as a signal would) from a thread of its own a moment later, once the callback has returned
    (raised inside it, the interrupt would be ignored again), and passes every other report on."""
    previous = sys.unraisablehook
    if getattr(previous, "redelivers_interrupts", False):
        return

    def hook(unraisable: "sys.UnraisableHookArgs") -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            threading.Timer(0.05, _thread.interrupt_main).start()
            return
        previous(unraisable)

    hook.redelivers_interrupts = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def quiet_pyspark_errors() -> None:
    """Called once pyspark is imported (the session exists), so that pyspark's own logger class
    creates these loggers, as pyspark would: it logs with keyword fields a plain Logger refuses."""
    try:
        from pyspark.logger import PySparkLogger
    except ImportError:  # pyspark 3.5 logs no captured error
        return
    for name in PYSPARK_ERROR_LOGGERS:
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL + 1)
