package io.dorisops.testkit.internal.mysql;

import io.dorisops.testkit.internal.sql.SqlLexer;
import io.dorisops.testkit.internal.sql.SqlLexer.Kind;
import io.dorisops.testkit.internal.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The statements a client and its driver send about the session itself, answered before the
 * {@link QueryHandler}: {@code SELECT @@var [AS name], ...}, {@code SET ...}, {@code SHOW
 * [SESSION|GLOBAL] VARIABLES [LIKE 'pattern']}, {@code SELECT DATABASE()} and {@code USE db}.
 *
 * <p>{@code @@version_comment} and {@code version()} differ per flavor and version, so a select
 * that names {@code @@version_comment} is left to the handler, as is everything else.
 */
final class SessionStatements {

    /** Values as Doris answers them, enough for mysql-connector-j's connect-time query and the mysql client. */
    private static final Map<String, String> DEFAULTS = defaults();

    private final String serverVersion;
    private final QueryHandler handler;

    SessionStatements(String serverVersion, QueryHandler handler) {
        this.serverVersion = serverVersion;
        this.handler = handler;
    }

    /**
     * Answers {@code sql} when it is a session statement.
     *
     * @return the answer, or empty when the handler must answer
     * @throws SqlError for a select of an unknown variable
     */
    Optional<QueryResult> answer(ClientSession session, String sql) throws SqlError {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlLexer.LexException e) {
            return Optional.empty();
        }
        if (tokens.size() > 1 && tokens.get(tokens.size() - 2).isSymbol(';')) {
            tokens = new ArrayList<>(tokens);
            tokens.remove(tokens.size() - 2);
        }
        Token first = tokens.get(0);
        if (first.is("SET")) {
            set(session, tokens);
            return Optional.of(QueryResult.ok());
        }
        if (first.is("USE") && tokens.size() == 3 && isName(tokens.get(1))) {
            handler.checkDatabase(tokens.get(1).text());
            session.database(tokens.get(1).text());
            return Optional.of(QueryResult.ok());
        }
        if (first.is("SHOW")) {
            return showVariables(session, tokens);
        }
        if (first.is("SELECT")) {
            if (tokens.size() == 5
                    && tokens.get(1).is("DATABASE")
                    && tokens.get(2).isSymbol('(')
                    && tokens.get(3).isSymbol(')')) {
                String db = session.database();
                return Optional.of(
                        QueryResult.rows(List.of("DATABASE()"), List.of(Arrays.asList(db.isEmpty() ? null : db))));
            }
            return selectVariables(session, tokens);
        }
        return Optional.empty();
    }

    private Optional<QueryResult> selectVariables(ClientSession session, List<Token> tokens) throws SqlError {
        List<String> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 1;
        while (true) {
            Token item = tokens.get(i);
            if (item.kind() != Kind.VARIABLE || !item.text().startsWith("@@")) {
                return Optional.empty();
            }
            String name = variableName(item.text());
            if (name.equals("version_comment")) {
                return Optional.empty();
            }
            String label = item.text();
            i++;
            if (tokens.get(i).is("AS")) {
                i++;
            }
            if (isName(tokens.get(i)) && !tokens.get(i).is("LIMIT")) {
                label = tokens.get(i).text();
                i++;
            }
            labels.add(label);
            names.add(name);
            if (!tokens.get(i).isSymbol(',')) {
                break;
            }
            i++;
        }
        if (tokens.get(i).is("LIMIT") && tokens.get(i + 1).kind() == Kind.NUMBER) {
            i += 2;
        }
        if (tokens.get(i).kind() != Kind.END) {
            return Optional.empty();
        }
        List<String> row = new ArrayList<>();
        for (String name : names) {
            if (!session.variables().containsKey(name) && !name.equals("version") && !DEFAULTS.containsKey(name)) {
                throw new SqlError(1193, "HY000", "Unknown system variable '" + name + "'");
            }
            row.add(value(session, name));
        }
        return Optional.of(QueryResult.rows(labels, List.of(row)));
    }

    private Optional<QueryResult> showVariables(ClientSession session, List<Token> tokens) {
        int i = 1;
        if (tokens.get(i).is("SESSION")
                || tokens.get(i).is("GLOBAL")
                || tokens.get(i).is("LOCAL")) {
            i++;
        }
        if (!tokens.get(i).is("VARIABLES")) {
            return Optional.empty();
        }
        i++;
        Pattern filter = null;
        if (tokens.get(i).is("LIKE") && tokens.get(i + 1).kind() == Kind.STRING) {
            filter = likePattern(tokens.get(i + 1).text());
            i += 2;
        }
        if (tokens.get(i).kind() != Kind.END) {
            return Optional.empty();
        }
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.put("version", serverVersion);
        all.putAll(session.variables());
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(all).entrySet()) {
            if (filter == null || filter.matcher(entry.getKey()).matches()) {
                rows.add(Arrays.asList(entry.getKey(), entry.getValue() == null ? "" : entry.getValue()));
            }
        }
        return Optional.of(QueryResult.rows(List.of("Variable_name", "Value"), rows));
    }

    /** Records {@code SET NAMES x} and {@code SET [SESSION] name = value, ...}; other forms are accepted as they are. */
    private static void set(ClientSession session, List<Token> tokens) {
        if (tokens.get(1).is("NAMES") && isName(tokens.get(2))
                || tokens.get(1).is("NAMES") && tokens.get(2).kind() == Kind.STRING) {
            String charset = tokens.get(2).text();
            for (String name : List.of("character_set_client", "character_set_connection", "character_set_results")) {
                session.variables().put(name, charset);
            }
            return;
        }
        int i = 1;
        while (true) {
            if (at(tokens, i).is("SESSION") || at(tokens, i).is("LOCAL")) {
                i++;
            }
            Token name = at(tokens, i);
            Token equals = at(tokens, i + 1);
            Token value = at(tokens, i + 2);
            if (!(isName(name) || name.kind() == Kind.VARIABLE) || !equals.isSymbol('=') || !isValue(value)) {
                return;
            }
            Token after = at(tokens, i + 3);
            if (!after.isSymbol(',') && after.kind() != Kind.END) {
                return;
            }
            session.variables().put(variableName(name.text()), value.is("NULL") ? null : value.text());
            if (after.kind() == Kind.END) {
                return;
            }
            i += 4;
        }
    }

    /** A known variable's value; {@code null} when the session set it to NULL. */
    private String value(ClientSession session, String name) {
        if (session.variables().containsKey(name)) {
            return session.variables().get(name);
        }
        return name.equals("version") ? serverVersion : DEFAULTS.get(name);
    }

    /** {@code @@session.Auto_Increment} → {@code auto_increment}. */
    private static String variableName(String text) {
        String name = SqlLexer.lower(text.replaceFirst("^@@?", ""));
        for (String scope : List.of("session.", "global.", "local.")) {
            if (name.startsWith(scope)) {
                return name.substring(scope.length());
            }
        }
        return name;
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** The token at {@code index}, or the final END token past the end. */
    private static Token at(List<Token> tokens, int index) {
        return tokens.get(Math.min(index, tokens.size() - 1));
    }

    private static boolean isName(Token token) {
        return token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_NAME;
    }

    private static boolean isValue(Token token) {
        return token.kind() == Kind.WORD || token.kind() == Kind.STRING || token.kind() == Kind.NUMBER;
    }

    private static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("auto_increment_increment", "1");
        values.put("autocommit", "1");
        values.put("character_set_client", "utf8mb4");
        values.put("character_set_connection", "utf8mb4");
        values.put("character_set_results", "utf8mb4");
        values.put("character_set_server", "utf8mb4");
        values.put("collation_connection", "utf8mb4_0900_bin");
        values.put("collation_database", "utf8mb4_0900_bin");
        values.put("collation_server", "utf8mb4_0900_bin");
        values.put("init_connect", "");
        values.put("interactive_timeout", "3600");
        values.put("language", "/palo/share/english/");
        values.put("license", "Apache License, Version 2.0");
        values.put("lower_case_table_names", "0");
        values.put("max_allowed_packet", String.valueOf(PacketChannel.MAX_PAYLOAD));
        values.put("net_buffer_length", "16384");
        values.put("net_write_timeout", "600");
        values.put("performance_schema", "0");
        values.put("query_cache_size", "1048576");
        values.put("query_cache_type", "0");
        values.put("sql_mode", "ONLY_FULL_GROUP_BY");
        values.put("sql_select_limit", "9223372036854775807");
        values.put("system_time_zone", "UTC");
        values.put("time_zone", "UTC");
        values.put("transaction_isolation", "REPEATABLE-READ");
        values.put("transaction_read_only", "0");
        values.put("tx_isolation", "REPEATABLE-READ");
        values.put("tx_read_only", "0");
        values.put("wait_timeout", "28800");
        return Map.copyOf(values);
    }
}
