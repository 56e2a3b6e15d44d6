package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks DNS for what validation needs (A/AAAA of a host, TXT of {@code _acme-challenge.<name>}) through dnsjava's
 * {@link Lookup}, which follows CNAME and DNAME chains. Either the configured server (UDP, retried over TCP when
 * the answer is truncated) or the system's resolvers. Every lookup starts from an empty cache, because a client
 * that fixes its records and retries must be seen with its new records, and never reads /etc/hosts: validation
 * proves what the world's DNS says, not what this machine believes.
 */
final class NameResolver {

    private final Optional<InetSocketAddress> server;

    NameResolver(Optional<InetSocketAddress> server) {
        this.server = server;
    }

    /** The name's IPv4 and IPv6 addresses (A and AAAA asked at once); none at all is a {@code dns} problem. */
    List<InetAddress> addresses(String context, String host, Deadline deadline) {
        Name name = absolute(context, host);
        FutureTask<Answer> v6 = new FutureTask<>(() -> lookup(name, Type.AAAA, deadline));
        Thread.ofVirtual().name("acme-dns-aaaa").start(v6);
        Answer v4 = lookup(name, Type.A, deadline);
        Answer six = await(v6, name, deadline);
        List<InetAddress> addresses = new ArrayList<>();
        for (Record r : v4.records()) {
            if (r instanceof ARecord a) {
                addresses.add(a.getAddress());
            }
        }
        for (Record r : six.records()) {
            if (r instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        if (!addresses.isEmpty()) {
            return addresses;
        }
        if (v4.result() == Lookup.TYPE_NOT_FOUND && six.result() == Lookup.TYPE_NOT_FOUND
                || v4.result() == Lookup.SUCCESSFUL || six.result() == Lookup.SUCCESSFUL) {
            throw dnsProblem(context, "no A or AAAA record found for " + host);
        }
        // Report the IPv4 failure unless only IPv6 failed in an interesting way (a timeout rather than NODATA).
        Answer worst = v4.result() == Lookup.TYPE_NOT_FOUND ? six : v4;
        throw failure(context, worst, host);
    }

    /** The TXT records at the name, each record's strings joined (RFC 8555 §8.4 allows several records). */
    List<String> txt(String context, String host, Deadline deadline) {
        Answer answer = lookup(absolute(context, host), Type.TXT, deadline);
        if (answer.result() != Lookup.SUCCESSFUL) {
            throw failure(context, answer, host);
        }
        List<String> values = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        if (values.isEmpty()) {
            throw dnsProblem(context, "no TXT record found at " + host);
        }
        return values;
    }

    private record Answer(int type, int result, String error, Record[] records) {
        static Answer timedOut(int type) {
            return new Answer(type, Lookup.TRY_AGAIN, "timed out", new Record[0]);
        }
    }

    private Answer lookup(Name name, int type, Deadline deadline) {
        if (deadline.expired()) {
            return Answer.timedOut(type);
        }
        Duration given = deadline.remaining();
        long start = System.nanoTime();
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setResolver(resolver(given));
        lookup.setCache(null);
        lookup.setHostsFileParser(null);
        Record[] records = lookup.run();
        // dnsjava reports a resolver timeout as a "network error"; one that used up its time was a timeout
        boolean usedItsTime = System.nanoTime() - start >= given.toNanos() * 9 / 10;
        if (lookup.getResult() == Lookup.TRY_AGAIN && usedItsTime) {
            return Answer.timedOut(type);
        }
        return new Answer(type, lookup.getResult(), lookup.getErrorString(), records == null ? new Record[0] : records);
    }

    private Resolver resolver(Duration timeout) {
        Resolver resolver = server.<Resolver>map(SimpleResolver::new).orElseGet(ExtendedResolver::new);
        resolver.setTimeout(timeout);
        return resolver;
    }

    private static Answer await(FutureTask<Answer> task, Name name, Deadline deadline) {
        try {
            // The lookup bounds itself by the deadline; the extra second only guards against a stuck resolver.
            return task.get(deadline.remaining().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.timedOut(Type.AAAA);
        } catch (TimeoutException e) {
            task.cancel(true);
            return Answer.timedOut(Type.AAAA);
        } catch (ExecutionException e) {
            return new Answer(Type.AAAA, Lookup.UNRECOVERABLE, "lookup failed", new Record[0]);
        }
    }

    private static Name absolute(String context, String host) {
        try {
            return Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            throw AcmeProblem.malformed(context + ": " + Excerpts.quoted(host) + " is not a valid DNS name");
        }
    }

    private static AcmeProblem failure(String context, Answer answer, String host) {
        String type = Type.string(answer.type());
        return switch (answer.result()) {
            case Lookup.HOST_NOT_FOUND -> dnsProblem(context, "NXDOMAIN looking up " + type + " for " + host
                    + " - check that a DNS record exists for this domain");
            case Lookup.TYPE_NOT_FOUND -> dnsProblem(context, "no " + type + " record found at " + host);
            case Lookup.TRY_AGAIN -> dnsProblem(context, ("timed out".equals(answer.error()) ? "query timed out"
                    : Excerpts.printable(String.valueOf(answer.error()), 40)) + " looking up " + type + " for " + host);
            default -> dnsProblem(context, Excerpts.printable(String.valueOf(answer.error()), 40) + " looking up "
                    + type + " for " + host);
        };
    }

    private static AcmeProblem dnsProblem(String context, String detail) {
        return new AcmeProblem(ProblemType.DNS, context + ": DNS problem: " + detail);
    }
}
