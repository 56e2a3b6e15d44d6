package dev.sigil.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level commands of {@code sigil}, turned into picocli models only when a run needs them. picocli builds a
 * command's model by reflection when the command is added; building the whole tree (some 60 commands) for every run
 * cost ~40% of a {@code sigil --version} and ~5-10% of a {@code sigil cert show} (docs/PERFORMANCE.md, CLI cold
 * start). Help, completion, a mistyped command and a bare {@code sigil} get the whole tree; {@code sigil --version}
 * gets none.
 */
public final class CommandTree {

    /** Root options that take a value: the word after them is that value, not a command. */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--server", "--token-file", "--ca-cert", "-o",
            "--output");
    /** Commands that show the tree: the help lists it, the completion script describes it. */
    private static final Set<String> NEED_WHOLE_TREE = Set.of("help", "completion");

    /**
     * A group command and its subcommands (commands or further groups), built when its top-level command is.
     *
     * @param group       the group, e.g. {@code sigil cert}
     * @param subcommands its commands and groups
     */
    public record Group(GroupCommand group, Object... subcommands) {
        CommandLine build() {
            CommandLine cl = new CommandLine(group);
            for (Object s : subcommands) {
                cl.addSubcommand(s instanceof Group g ? g.build() : s);
            }
            return cl;
        }
    }

    /**
     * Which top-level commands a run needs.
     *
     * @param all     every one
     * @param command only this one (when {@code all} is false); absent: none
     */
    public record Selection(boolean all, Optional<String> command) {
        public static final Selection ALL = new Selection(true, Optional.empty());
        public static final Selection NONE = new Selection(false, Optional.empty());
    }

    private final Object rootCommand;
    private final Selection selection;
    private final Map<String, Object> commands = new LinkedHashMap<>();

    /** @param rootCommand the {@code sigil} command itself */
    public CommandTree(Object rootCommand, Selection selection) {
        this.rootCommand = rootCommand;
        this.selection = selection;
    }

    /**
     * The selection for a command line: the first word that is neither an option nor an option's value names the
     * command.
     */
    public static Selection select(String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return Selection.ALL;
            }
            if (a.startsWith("-")) {
                if (ROOT_OPTIONS_WITH_VALUE.contains(a)) {
                    i++;
                } else if (a.equals("-h") || a.equals("--help")) {
                    return Selection.ALL;
                }
                version |= a.equals("-V") || a.equals("--version");
                continue;
            }
            return NEED_WHOLE_TREE.contains(a) ? Selection.ALL : new Selection(false, Optional.of(a));
        }
        return version ? Selection.NONE : Selection.ALL;
    }

    /** Adds a top-level command: a command object, or a {@link Group}. */
    public void addSubcommand(Object command) {
        commands.put(nameOf(command), command);
    }

    /** The root with the selected top-level commands; all of them when the selection names none of them. */
    public CommandLine build() {
        CommandLine root = new CommandLine(rootCommand);
        Optional<String> only = selection.all() ? Optional.empty() : selection.command();
        if (only.isPresent() && commands.containsKey(only.get())) {
            add(root, commands.get(only.get()));
        } else if (selection.all() || only.isPresent()) {
            commands.values().forEach(c -> add(root, c));
        }
        return root;
    }

    private static void add(CommandLine root, Object command) {
        root.addSubcommand(command instanceof Group g ? g.build() : command);
    }

    private static String nameOf(Object command) {
        Object o = command instanceof Group g ? g.group() : command;
        Command c = o.getClass().getAnnotation(Command.class);
        if (c == null || c.name().isEmpty() || c.name().equals(CommandLine.Model.CommandSpec.DEFAULT_COMMAND_NAME)) {
            throw new IllegalArgumentException(o.getClass().getName() + " has no @Command name");
        }
        return c.name();
    }
}
