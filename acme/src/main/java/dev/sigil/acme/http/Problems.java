package dev.sigil.acme.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;

/**
 * Renders {@link AcmeProblem}s as RFC 7807 problem documents (RFC 8555 §6.7): type, detail, status, subproblems
 * with their identifiers (§6.7.1), algorithms for badSignatureAlgorithm (§6.2), and Retry-After where the problem
 * carries one. The one place a problem becomes JSON, for responses and for the error members stored with
 * challenges and orders alike.
 */
public final class Problems {

    private Problems() {
    }

    /** The problem document with the status its type implies. */
    public static ObjectNode document(AcmeProblem problem) {
        return document(problem, problem.status());
    }

    /** The problem document with an explicit HTTP status (e.g. 503 for serverInternal while the database is away). */
    public static ObjectNode document(AcmeProblem problem, int status) {
        ObjectNode doc = AcmeJson.object();
        doc.put("type", problem.type().uri());
        doc.put("detail", problem.detail());
        doc.put("status", status);
        if (!problem.subproblems().isEmpty()) {
            ArrayNode subs = doc.putArray("subproblems");
            for (AcmeProblem.Subproblem sub : problem.subproblems()) {
                ObjectNode s = subs.addObject();
                s.put("type", sub.type().uri());
                s.put("detail", sub.detail());
                s.putObject("identifier").put("type", sub.identifier().type()).put("value", sub.identifier().value());
            }
        }
        if (!problem.algorithms().isEmpty()) {
            ArrayNode algs = doc.putArray("algorithms");
            problem.algorithms().forEach(algs::add);
        }
        return doc;
    }

    /** The document as JSON text, for storing as a challenge's or order's error. */
    public static String json(AcmeProblem problem) {
        return AcmeJson.text(document(problem));
    }

    public static Reply reply(AcmeProblem problem) {
        return reply(problem, problem.status());
    }

    public static Reply reply(AcmeProblem problem, int status) {
        Reply reply = Reply.status(status).body(Reply.PROBLEM_JSON, AcmeJson.bytes(document(problem, status)));
        problem.retryAfter().ifPresent(d -> reply.header("Retry-After",
                Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        return reply;
    }
}
