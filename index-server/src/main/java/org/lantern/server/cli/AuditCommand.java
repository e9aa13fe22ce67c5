package org.lantern.server.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.lantern.core.audit.AuditChainException;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern audit verify|export}: the auditor's two tools on a data directory's audit log
 * ({@code <data>/audit}). Both only read, take no lock, and may run while the exchange is writing
 * (they check what is complete). Exit status: 0 all well, 1 the chain is broken, 2 bad arguments
 * or no audit log.
 *
 * <p>These commands record nothing themselves: the log's one writer is the exchange, which may be
 * running and holding the log's lock. An export through the exchange's API is recorded there, as
 * an {@code audit_export} entry.
 *
 * <p>Thread-safety: one instance per command line.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verifies, exports and anchors the tamper-evident audit log of a data directory.",
    subcommands = {AuditCommand.Head.class, AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: head, verify or export");
  }

  /** {@code <data>/audit}, which must exist: a mistyped --data must not "verify" an empty log. */
  static Path auditDirectory(Path data) {
    Path dir = data.resolve(AuditLog.DIRECTORY_NAME);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no audit log in " + data + " (" + dir + " is not a directory)");
    }
    return dir;
  }

  @Command(name = "head", mixinStandardHelpOptions = true,
      description = {
        "Checks the chain and prints its newest entry as SEQ:HASH.",
        "",
        "SEQ is the entry's sequence number, HASH the SHA-256 of its line. An auditor keeps it",
        "outside the exchange and later runs",
        "`lantern audit verify --expect SEQ:HASH`, which fails if that entry is missing or changed.",
        "Exit status 0, 1 if the chain is broken (the head is not printed), 2 bad arguments.",
        "",
        "Example: lantern audit head --data ./data"
      })
  static final class Head implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataDirectoryOption data;

    @Override
    public Integer call() {
      Path dir = auditDirectory(data.required(spec));
      VerifyReport report = AuditLog.verify(dir);
      if (!report.intact()) {
        spec.commandLine().getErr().println("lantern audit head: audit log " + dir + ": " + report.summary());
        return 1;
      }
      var out = spec.commandLine().getOut();
      out.println(new AuditHead(report.entriesChecked(), report.headHash()));
      out.flush();
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Checks the whole hash chain, every segment.",
        "",
        "Prints how many entries are intact and the head (last entry and its SHA-256: note it, a",
        "later log must still contain it), or the first broken entry and why. With --expect",
        "SEQ:HASH (from `lantern audit head` or GET /v1/audit/head), also fails if that entry is",
        "missing (the log was cut back) or differs (rewritten).",
        "Exit status 0 intact, 1 broken, 2 bad arguments.",
        "",
        "Example: lantern audit verify --data ./data --expect 1234:9f2c..."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
    Path data;

    @Option(names = "--expect", paramLabel = "SEQ:HASH",
        description = "An anchor kept earlier: entry SEQ must be present with this SHA-256.")
    String expect;

    @Override
    public Integer call() {
      AuditHead anchor = expect == null ? null : parseAnchor(expect);
      Path dir = auditDirectory(data);
      VerifyReport report = anchor == null ? AuditLog.verify(dir) : AuditLog.verify(dir, anchor);
      var out = spec.commandLine().getOut();
      out.println("audit log " + dir + ": " + report.summary());
      out.flush();
      return report.intact() ? 0 : 1;
    }
  }

  private static AuditHead parseAnchor(String text) {
    try {
      return AuditHead.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--expect: " + e.getMessage());
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
        "Writes the entries from --since on as JSON lines, exactly as stored.",
        "",
        "prev and hash are included, so the chain can be checked from the export alone. The chain",
        "is verified on the way: if it breaks, the entries before the break are written, the break",
        "is reported on stderr and the exit status is 1.",
        "",
        "Example: lantern audit export --data ./data --since 2026-01-01T00:00:00Z --out audit.jsonl"
      })
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataDirectoryOption data;

    @Option(names = "--since", paramLabel = "TIME",
        description = "First time to export, ISO-8601 UTC (2026-01-01T00:00:00Z); default: everything.")
    String since;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (replaced) instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
      Instant from = Instant.EPOCH;
      if (since != null) {
        try {
          from = Instant.parse(since);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "--since: expected an ISO-8601 UTC time such as 2026-01-01T00:00:00Z, got '" + since + "'");
        }
      }
      Path dir = auditDirectory(data.required(spec));
      var err = spec.commandLine().getErr();
      try (Writer writer = out == null
          ? new Unclosed(spec.commandLine().getOut())
          : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        long count = AuditLog.export(dir, from, writer);
        if (out != null) {
          err.println("exported " + count + " entries to " + out);
        }
        return 0;
      } catch (AuditChainException e) {
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        return 1;
      }
    }
  }

  /** Stdout belongs to the command line, which flushes and closes it; the export only writes. */
  private static final class Unclosed extends Writer {
    private final Writer target;

    Unclosed(Writer target) {
      this.target = target;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      target.write(chars, offset, length);
    }

    @Override
    public void write(String s) throws IOException {
      target.write(s);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() throws IOException {
      target.flush();
    }
  }
}
