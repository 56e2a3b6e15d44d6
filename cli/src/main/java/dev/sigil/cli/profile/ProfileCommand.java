package dev.sigil.cli.profile;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil profile}: the issuance profiles, i.e. what {@code cert issue --profile} may name. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Show the issuance profiles and what each allows.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil profile list"})
public final class ProfileCommand extends GroupCommand {
}
