package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.node.FeNode.FeRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated FE answers on {@code edit_log_port}, one line a request: {@code PING} (name,
 * whether master, journal id; the election asks it), {@code JOIN} (the catalog, for an FE started
 * with {@code --helper}), {@code SYNC} (a non-master's report; the master records it, marks a joined
 * follower ready, and answers with the catalog when the follower is behind and what it knows of
 * every node), {@code CONFIG} and {@code FORWARD} (a config value and a write sent on by another FE).
 */
final class EditLogService {
    private final FeNode fe;

    EditLogService(FeNode fe) {
        this.fe = fe;
    }

    String handle(String request) {
        try {
            if (request.equals("PING")) {
                ObjectNode answer = SandboxSpec.JSON.createObjectNode();
                synchronized (fe) {
                    answer.put("name", fe.self().name)
                            .put("master", fe.isMaster())
                            .put("journalId", fe.journalId());
                }
                return answer.toString();
            }
            if (request.equals("JOIN")) {
                return SandboxSpec.JSON.writeValueAsString(fe.snapshot());
            }
            if (request.startsWith("SYNC ")) {
                return sync(SandboxSpec.JSON.readValue(request.substring(5), FeNode.FeRuntimeReport.class));
            }
            if (request.startsWith("CONFIG ")) {
                JsonNode config = SandboxSpec.JSON.readTree(request.substring(7));
                return FeSql.applyFromPeer(
                        fe, config.get("key").asText(), config.get("value").asText());
            }
            if (request.startsWith("FORWARD ")) {
                JsonNode forwarded = SandboxSpec.JSON.readTree(request.substring(8));
                return FeSql.executeForwarded(
                        fe, forwarded.get("sql").asText(), forwarded.path("db").asText(""));
            }
            return "{\"error\":\"unknown request\"}";
        } catch (JsonProcessingException e) {
            return "{\"error\":\"bad request: " + e.getOriginalMessage().replace('"', '\'') + "\"}";
        }
    }

    private String sync(FeNode.FeRuntimeReport report) throws JsonProcessingException {
        if (!fe.isMaster()) {
            return "{\"error\":\"not master\"}";
        }
        report.runtime.alive = true;
        report.runtime.lastHeartbeat = System.currentTimeMillis();
        report.runtime.replayedJournalId = report.journalId;
        fe.feRuntime.put(report.name, report.runtime);
        FeRuntime reported = report.runtime;
        fe.mutateIf(c -> {
            boolean changed = false;
            for (Catalog.Fe member : c.frontends) {
                if (member.name.equals(report.name) && member.unready) {
                    // BDBHA.removeUnReadyElectableNode: a joined follower counts for the quorum from now on.
                    member.unready = false;
                    changed = true;
                }
                if (member.name.equals(report.name) && member.httpPort != reported.httpPort) {
                    member.httpPort = reported.httpPort;
                    member.queryPort = reported.queryPort;
                    member.rpcPort = reported.rpcPort;
                    changed = true;
                }
            }
            return changed;
        });
        ObjectNode answer = SandboxSpec.JSON.createObjectNode();
        answer.put("master", fe.self().name);
        fe.catalogUnlessAt(report.journalId).ifPresent(tree -> answer.set("catalog", tree));
        Map<String, FeRuntime> fes = new LinkedHashMap<>(fe.feRuntime);
        fes.put(fe.self().name, fe.selfRuntime());
        answer.set("frontends", SandboxSpec.JSON.valueToTree(fes));
        answer.set("backends", SandboxSpec.JSON.valueToTree(fe.beRuntime));
        return answer.toString();
    }
}
