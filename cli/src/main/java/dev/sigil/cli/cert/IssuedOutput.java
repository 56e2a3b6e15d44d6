package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cert issue} and {@code cert renew} do with a new certificate: write the files asked for, then print
 * a summary, or the PEM on stdout (summary on stderr) when no file was named, so the command can be piped.
 *
 * @param outFile          certificate PEM file, if asked for
 * @param chainOutFile     chain PEM file, if asked for
 * @param fullchainOutFile certificate and chain PEM file, if asked for
 */
record IssuedOutput(String outFile, String chainOutFile, String fullchainOutFile) {

    /** Usage problems with the file options: a directory that does not exist or cannot be written. */
    Optional<String> problem(CliContext ctx) {
        for (String[] o : new String[][] {{"--out", outFile}, {"--chain-out", chainOutFile},
            {"--fullchain-out", fullchainOutFile}}) {
            if (o[1] != null && !PemFiles.writable(ctx.resolve(o[1]))) {
                return Optional.of(o[0] + " " + o[1] + ": cannot write there (missing directory or no permission)");
            }
        }
        return Optional.empty();
    }

    /**
     * Writes and prints.
     *
     * @param headline e.g. {@code issued certificate 5f0c2d}
     * @param notes    lines printed after the summary (e.g. what to do with the renewed original)
     */
    int render(CliContext ctx, JsonNode cert, OutputFormat format, String headline, List<String> notes)
            throws CliException {
        List<String> wrote = new ArrayList<>();
        String serial = ApiJson.textOrEmpty(cert, "serial");
        write(ctx, outFile, CertificateView.certificatePem(cert), "certificate", serial, wrote);
        write(ctx, chainOutFile, CertificateView.chainPem(cert), "chain", serial, wrote);
        write(ctx, fullchainOutFile, CertificateView.fullchainPem(cert), "certificate and chain", serial, wrote);

        if (format == OutputFormat.JSON) {
            ctx.out().println(ApiJson.pretty(cert));
            wrote.forEach(ctx.err()::println);
            notes.forEach(ctx.err()::println);
            return ExitCodes.OK;
        }
        boolean pemToStdout = format == OutputFormat.PEM || wrote.isEmpty();
        PrintStream summary = pemToStdout ? ctx.err() : ctx.out();
        summary.println(headline);
        CertificateView.summary(cert, ctx.clock().instant()).print(summary, 2);
        wrote.forEach(summary::println);
        notes.forEach(summary::println);
        if (pemToStdout) {
            ctx.out().print(CertificateView.certificatePem(cert).orElseThrow(() -> missing("certificatePem")));
        }
        return ExitCodes.OK;
    }

    private static void write(CliContext ctx, String file, Optional<String> pem, String what, String serial,
                              List<String> wrote) throws CliException {
        if (file == null) {
            return;
        }
        Path target = ctx.resolve(file);
        String text = pem.orElseThrow(() -> missing(what.equals("chain") ? "chainPem" : "certificatePem"));
        try {
            PemFiles.write(target, text);
        } catch (IOException e) {
            throw new CliException("certificate " + serial + " was issued, but writing " + target + " failed: "
                    + e.getMessage() + " (get it again with 'sigil cert download " + serial + "')",
                    ExitCodes.FAILURE, e);
        }
        wrote.add("wrote " + what + " to " + target);
    }

    private static CliException missing(String field) {
        return new CliException("the server's answer has no " + field, ExitCodes.FAILURE);
    }
}
