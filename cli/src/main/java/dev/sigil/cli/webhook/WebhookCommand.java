package dev.sigil.cli.webhook;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil webhook}: the webhook outbox (docs/WEBHOOKS.md). */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = {"Webhook deliveries: what Sigil announced (rotations, expiry notices), whether it arrived, and"
            + " a retry for a delivery that gave up."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil webhook list --state failed",
            "  sigil webhook show wh_3kQ9xZ",
            "  sigil webhook retry wh_3kQ9xZ",
            "  sigil webhook test"})
public final class WebhookCommand extends GroupCommand {
}
