package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.SqlLexer.Kind;
import io.dorisops.testkit.internal.sql.SqlLexer.Token;
import io.dorisops.testkit.internal.sql.Statement.AdminSetConfig;
import io.dorisops.testkit.internal.sql.Statement.AdminShowConfig;
import io.dorisops.testkit.internal.sql.Statement.AlterBackends;
import io.dorisops.testkit.internal.sql.Statement.AlterComputeNodes;
import io.dorisops.testkit.internal.sql.Statement.AlterFrontend;
import io.dorisops.testkit.internal.sql.Statement.BackendAction;
import io.dorisops.testkit.internal.sql.Statement.CancelDecommission;
import io.dorisops.testkit.internal.sql.Statement.FrontendRole;
import io.dorisops.testkit.internal.sql.Statement.NodeAction;
import io.dorisops.testkit.internal.sql.Statement.Proc;
import io.dorisops.testkit.internal.sql.Statement.ShowProc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the statements a simulated FE understands (see {@link Statement}) the way the configured
 * flavor does: keywords in any case, whitespace and comments anywhere, an optional trailing
 * {@code ;}, {@code "host:port"} in double or single quotes. Flavor-only forms: Doris {@code
 * DROPP BACKEND} and {@code ADMIN SET ALL FRONTENDS CONFIG}; StarRocks {@code DROP BACKEND ...
 * FORCE}, {@code SHOW COMPUTE NODES}, {@code SHOW PROC '/compute_nodes'} and {@code ALTER SYSTEM
 * ADD|DROP COMPUTE NODE}.
 *
 * <p>Anything else is refused with the flavor's syntax error, which names the offending input, its
 * line and column, and what was expected: Doris ERR 1105 / HY000 {@code errCode = 2, detailMessage
 * = Syntax error in line 1: ...} (the statement line with a caret under the input), StarRocks ERR
 * 1064 / HY000 {@code Getting syntax error at line 1, column 5. Detail message: Unexpected input
 * 'FRONTS', the most similar input is {'FRONTENDS', ...}.}, written by {@link DialectErrors}.
 * Thread-safe.
 */
public final class StatementParser {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PROC_PATH = Pattern.compile(
            "/(frontends|backends|compute_nodes|statistic|cluster_health/tablet_health|dbs)(?:/(\\d{1,18}))?/?");

    private static final Pattern PARTITION_PROC =
            Pattern.compile("/dbs/(\\d{1,18})/(\\d{1,18})/partitions/(\\d{1,18})(?:/(\\d{1,18}))?/?");

    private final Flavor flavor;
    private final DialectErrors errors;

    /** A parser speaking {@code flavor}'s dialect and errors. */
    public StatementParser(Flavor flavor) {
        this.flavor = requireNonNull(flavor, "flavor");
        this.errors = new DialectErrors(flavor);
    }

    /**
     * Reads one statement.
     *
     * @throws SqlError the flavor's syntax error for anything not understood, or its analysis error
     *     for a statement that parses but is invalid (several config pairs, an unknown proc path)
     */
    public Statement parse(String sql) throws SqlError {
        requireNonNull(sql, "sql");
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlLexer.LexException e) {
            throw errors.syntax(
                    sql, e.position(), errors.quote(sql.substring(e.position()).strip()), errors.expected(e.closer()));
        }
        return new Cursor(sql, tokens).statement();
    }

    /**
     * The flavor's error for a statement that parsed but cannot run: Doris {@code errCode = 2,
     * detailMessage = <detail>} (ERR 1105), StarRocks {@code Getting analyzing error. Detail
     * message: <detail>.} (ERR 1064).
     */
    public SqlError analysisError(String detail) {
        return errors.analysis(detail);
    }

    /** One pass over one statement's tokens. */
    private final class Cursor extends SqlCursor {
        Cursor(String sql, List<Token> tokens) {
            super(sql, tokens, StatementParser.this.flavor, StatementParser.this.errors);
        }

        Statement statement() throws SqlError {
            Token first = peek();
            Statement statement;
            if (accept("SHOW")) {
                statement = BackupStatements.isShow(this) ? new BackupStatements(this).show() : show();
            } else if (accept("ALTER")) {
                expect("SYSTEM");
                statement = alterSystem();
            } else if (accept("CANCEL")) {
                if (peek().is("BACKUP") || peek().is("RESTORE")) {
                    statement = new BackupStatements(this).cancel();
                } else {
                    expect("DECOMMISSION");
                    expect("BACKEND");
                    statement = new CancelDecommission(hostPorts());
                }
            } else if (accept("BACKUP") || peek().is("RESTORE")) {
                boolean restore = accept("RESTORE");
                statement = new BackupStatements(this).snapshotJob(restore);
            } else if (accept("ADMIN")) {
                statement = admin();
            } else if (accept("SELECT")) {
                statement = select();
            } else if (accept("CREATE")) {
                statement = BackupStatements.isCreateRepository(this)
                        ? new BackupStatements(this).createRepository()
                        : new DataStatements(this).create();
            } else if (accept("DROP")) {
                statement = peek().is("REPOSITORY")
                        ? new BackupStatements(this).dropRepository()
                        : new DataStatements(this).drop();
            } else if (accept("INSERT")) {
                statement = new DataStatements(this).insert();
            } else {
                throw unexpected(first, "SHOW", "ALTER", "CANCEL", "ADMIN", "SELECT", "CREATE", "DROP", "INSERT");
            }
            if (peek().isSymbol(';')) {
                index++;
            }
            if (peek().kind() != Kind.END) {
                throw unexpected(peek(), "end of statement");
            }
            return statement;
        }

        private Statement show() throws SqlError {
            List<String> options = new ArrayList<>(
                    List.of("FRONTENDS", "BACKENDS", "PROC", "DATABASES", "PARTITIONS", "TABLETS", "TABLET"));
            if (flavor == Flavor.STARROCKS) {
                options.add("COMPUTE");
            }
            String what = expect(options.toArray(String[]::new));
            return switch (what) {
                case "FRONTENDS" -> new Statement.ShowFrontends();
                case "BACKENDS" -> new Statement.ShowBackends();
                case "DATABASES" -> new Statement.ShowDatabases();
                case "PARTITIONS" -> {
                    expect("FROM");
                    String[] name = qualifiedName();
                    yield new Statement.ShowPartitions(Optional.ofNullable(name[0]), name[1]);
                }
                case "COMPUTE" -> {
                    expect("NODES");
                    yield new Statement.ShowComputeNodes();
                }
                case "TABLETS", "TABLET" -> {
                    expect("FROM");
                    String[] name = qualifiedName();
                    yield new Statement.ShowTablets(Optional.ofNullable(name[0]), name[1]);
                }
                default -> showProc();
            };
        }

        private Statement showProc() throws SqlError {
            Token path = next();
            if (path.kind() != Kind.STRING) {
                throw unexpected(path, "a quoted proc path such as '/backends'");
            }
            Matcher partition = PARTITION_PROC.matcher(path.text());
            if (partition.matches()) {
                return new Statement.ShowPartitionProc(
                        Long.parseLong(partition.group(1)),
                        Long.parseLong(partition.group(2)),
                        Long.parseLong(partition.group(3)),
                        partition.group(4) == null
                                ? OptionalLong.empty()
                                : OptionalLong.of(Long.parseLong(partition.group(4))));
            }
            Matcher m = PROC_PATH.matcher(path.text());
            Proc proc = !m.matches()
                    ? null
                    : m.group(1).startsWith("cluster_health")
                            ? Proc.TABLET_HEALTH
                            : Proc.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            boolean known = proc != null
                    && (proc != Proc.COMPUTE_NODES || flavor == Flavor.STARROCKS)
                    && (proc != Proc.TABLET_HEALTH || flavor == Flavor.DORIS)
                    && (m.group(2) == null || proc == Proc.STATISTIC || proc == Proc.DBS);
            if (!known) {
                // Doris ErrorCode.ERR_WRONG_PROC_PATH (ProcService.open); the StarRocks wording is [U].
                throw analysisError("Proc path '" + path.text() + "' doesn't exist");
            }
            return new ShowProc(
                    proc, m.group(2) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(2))));
        }

        private Statement alterSystem() throws SqlError {
            List<String> options = new ArrayList<>(List.of("ADD", "DROP", "DECOMMISSION", "CREATE", "MODIFY"));
            if (flavor == Flavor.DORIS) {
                options.add(2, "DROPP");
            }
            String action = expect(options.toArray(String[]::new));
            switch (action) {
                case "MODIFY" -> {
                    expect("BACKEND");
                    List<HostPort> backends = hostPorts();
                    expect("SET");
                    return new Statement.ModifyBackend(backends, new DataStatements(this).properties());
                }
                case "CREATE" -> {
                    expect("IMAGE");
                    return new Statement.CreateImage();
                }
                case "DROPP", "DECOMMISSION" -> {
                    expect("BACKEND");
                    return new AlterBackends(
                            action.equals("DROPP") ? BackendAction.FORCE_DROP : BackendAction.DECOMMISSION,
                            hostPorts());
                }
                default -> {
                    NodeAction nodeAction = NodeAction.valueOf(action);
                    List<String> targets = new ArrayList<>(List.of("BACKEND", "FOLLOWER", "OBSERVER"));
                    if (flavor == Flavor.STARROCKS) {
                        targets.add("COMPUTE");
                    }
                    String target = expect(targets.toArray(String[]::new));
                    switch (target) {
                        case "BACKEND" -> {
                            List<HostPort> backends = hostPorts();
                            if (nodeAction == NodeAction.DROP && flavor == Flavor.STARROCKS && accept("FORCE")) {
                                return new AlterBackends(BackendAction.FORCE_DROP, backends);
                            }
                            return new AlterBackends(
                                    nodeAction == NodeAction.ADD ? BackendAction.ADD : BackendAction.DROP, backends);
                        }
                        case "COMPUTE" -> {
                            expect("NODE");
                            return new AlterComputeNodes(nodeAction, hostPorts());
                        }
                        default -> {
                            return new AlterFrontend(nodeAction, FrontendRole.valueOf(target), hostPort());
                        }
                    }
                }
            }
        }

        private Statement admin() throws SqlError {
            if (expect("SET", "SHOW").equals("SHOW")) {
                if (expect("FRONTEND", "REPLICA").equals("REPLICA")) {
                    boolean status = expect("DISTRIBUTION", "STATUS").equals("STATUS");
                    expect("FROM");
                    String[] name = qualifiedName();
                    if (!status) {
                        return new Statement.AdminShowReplicaDistribution(Optional.ofNullable(name[0]), name[1]);
                    }
                    Optional<Statement.Condition> filter = Optional.empty();
                    if (accept("WHERE")) {
                        expect("STATUS");
                        String op = peek().isSymbol('=') ? "=" : "!=";
                        expectSymbol(op.charAt(0));
                        if (op.equals("!=")) {
                            expectSymbol('=');
                        }
                        filter = Optional.of(
                                new Statement.Condition("STATUS", op, string("a quoted status such as 'OK'")));
                    }
                    return new Statement.AdminShowReplicaStatus(Optional.ofNullable(name[0]), name[1], filter);
                }
                expect("CONFIG");
                if (accept("LIKE")) {
                    Token pattern = next();
                    if (pattern.kind() != Kind.STRING) {
                        throw unexpected(pattern, "a quoted pattern such as 'disable_%'");
                    }
                    return new AdminShowConfig(Optional.of(pattern.text()));
                }
                return new AdminShowConfig(Optional.empty());
            }
            boolean all = (flavor == Flavor.DORIS ? expect("FRONTEND", "ALL") : expect("FRONTEND")).equals("ALL");
            if (all) {
                expect("FRONTENDS");
            }
            expect("CONFIG");
            expectSymbol('(');
            List<String[]> pairs = new ArrayList<>();
            while (!peek().isSymbol(')')) {
                if (!pairs.isEmpty()) {
                    expectSymbol(',');
                }
                String key = string("a quoted config key");
                expectSymbol('=');
                pairs.add(new String[] {key, string("a quoted config value")});
            }
            expectSymbol(')');
            if (pairs.size() != 1) {
                throw analysisError("config parameter size is not equal to 1");
            }
            return new AdminSetConfig(all, pairs.get(0)[0], pairs.get(0)[1]);
        }

        private Statement select() throws SqlError {
            Token item = peek();
            boolean session = item.kind() == Kind.VARIABLE
                    || ((item.is("version") || item.is("current_version"))
                            && tokens.get(index + 1).isSymbol('('))
                    || (item.kind() == Kind.NUMBER && item.text().equals("1"));
            if (!session) {
                return new DataStatements(this).select();
            }
            next();
            if (item.kind() == Kind.VARIABLE
                    && (item.text().equalsIgnoreCase("@@version_comment")
                            || item.text().equalsIgnoreCase("@@session.version_comment"))) {
                if (accept("LIMIT")) {
                    Token limit = next();
                    if (limit.kind() != Kind.NUMBER) {
                        throw unexpected(limit, "a number");
                    }
                }
                return new Statement.SelectVersionComment();
            }
            if (item.is("version") || item.is("current_version")) {
                expectSymbol('(');
                expectSymbol(')');
                // [U] whether Doris has current_version() too; StarRocks documents it.
                return item.is("version") ? new Statement.SelectVersion() : new Statement.SelectCurrentVersion();
            }
            if (item.kind() == Kind.NUMBER && item.text().equals("1")) {
                return new Statement.SelectOne();
            }
            throw unexpected(item, "@@version_comment", "version()", "current_version()", "1");
        }

        private List<HostPort> hostPorts() throws SqlError {
            List<HostPort> list = new ArrayList<>();
            list.add(hostPort());
            while (peek().isSymbol(',')) {
                index++;
                list.add(hostPort());
            }
            return list;
        }

        private HostPort hostPort() throws SqlError {
            Token token = next();
            if (token.kind() != Kind.STRING) {
                throw unexpected(token, "a quoted \"host:port\"");
            }
            String text = token.text().strip();
            int colon = text.lastIndexOf(':');
            String problem;
            if (colon < 0) {
                problem = "missing port";
            } else if (colon == 0) {
                problem = "missing host";
            } else if (!HOST.matcher(text.substring(0, colon)).matches()) {
                problem = "bad host '" + text.substring(0, colon) + "' (letters, digits, '.', '-' and '_' only)";
            } else if (!text.substring(colon + 1).matches("\\d{1,5}")) {
                problem = "port '" + text.substring(colon + 1) + "' is not a number";
            } else {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port >= 1 && port <= 65535) {
                    return new HostPort(text.substring(0, colon), port);
                }
                problem = "port " + port + " is out of range 1-65535";
            }
            String expected = "\"host:port\" (" + problem + ")";
            throw errors.syntax(
                    sql, token.position(), describe(token), flavor == Flavor.DORIS ? expected : "expected " + expected);
        }
    }
}
