package guardrails.shared.reporting;

import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No alert storms: when one run finds the same problem on many resources (a WSUS or share outage leaving hundreds of
 * nodes stale, a rollout filling many subnets), the first {@code limit} of each guardrail, rule and severity are
 * alerted one by one and the rest in one summary that lists them (Finding bounds the list and says how many more).
 * A proposal whose remediation runs (REMEDIATE mode), or with a once-key of its own (a change several runs may see),
 * always goes alone: its action and its once-only guarantee are its own.
 */
public final class AlertStorms {

    private AlertStorms() {
    }

    public static List<Proposal> summarized(List<Proposal> proposals, int limit, boolean remediates) {
        Map<String, Integer> sizes = new HashMap<>();
        proposals.forEach(p -> sizes.merge(group(p.finding()), 1, Integer::sum));
        List<Proposal> result = new ArrayList<>();
        Map<String, Integer> alone = new HashMap<>();
        Map<String, List<Finding>> rest = new LinkedHashMap<>();
        for (Proposal proposal : proposals) {
            String group = group(proposal.finding());
            boolean ownKeyOrAction = (remediates && proposal.remediation() != null) || proposal.onceKey() != null;
            if (sizes.get(group) <= limit || ownKeyOrAction || alone.getOrDefault(group, 0) < limit) {
                result.add(proposal);
                alone.merge(group, 1, Integer::sum);
            } else {
                rest.computeIfAbsent(group, g -> new ArrayList<>()).add(proposal.finding());
            }
        }
        rest.values().forEach(findings -> result.add(Proposal.alertOnly(summary(findings, alone.get(
                group(findings.get(0)))))));
        return result;
    }

    /**
     * The same for the finding lifecycle's messages: past {@code limit} of one guardrail, rule and severity, the alerts
     * of new and closed problems go in one summary, while each still reaches Security Hub on its own. A fix the
     * guardrail made always goes alone.
     */
    public static List<Delivery> summarized(List<Delivery> deliveries, int limit) {
        Map<String, Integer> sizes = new HashMap<>();
        deliveries.stream().filter(Delivery::alert).forEach(d -> sizes.merge(group(d.finding()), 1, Integer::sum));
        List<Delivery> result = new ArrayList<>();
        Map<String, Integer> alone = new HashMap<>();
        Map<String, List<Delivery>> rest = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            String group = group(delivery.finding());
            if (!delivery.alert()) {
                result.add(delivery);
            } else if (sizes.get(group) <= limit || delivery.acted() || alone.getOrDefault(group, 0) < limit) {
                result.add(delivery);
                alone.merge(group, 1, Integer::sum);
            } else {
                rest.computeIfAbsent(group, g -> new ArrayList<>()).add(delivery);
                result.add(new Delivery(delivery.key(), delivery.finding(), false, delivery.hub(),
                        delivery.openSince(), delivery.rule()));
            }
        }
        rest.values().forEach(summarized -> result.add(new Delivery(summarized.get(0).key() + "|summary-of-"
                + summarized.size(), summary(summarized.stream().map(Delivery::finding).toList(),
                alone.get(group(summarized.get(0).finding()))), true, Delivery.Hub.NONE, null, null)));
        return result;
    }

    private static String group(Finding finding) {
        return finding.guardrail() + "|" + finding.rule() + "|" + finding.severity();
    }

    private static Finding summary(List<Finding> findings, int alertedAlone) {
        Finding first = findings.get(0);
        String ids = String.join(", ", findings.stream().map(Finding::resourceId).toList());
        boolean sameAction = findings.stream().allMatch(f -> f.actionTaken().equals(first.actionTaken()));
        return new Finding(first.guardrail(), first.rule(), first.severity(), "summary-of-" + findings.size(),
                findings.stream().map(Finding::resourceId).toList(),
                // In words, no rule code (that stays in the footer): how many, and what they have.
                findings.size() + " more resources with the same problem (" + alertedAlone + " alerted one by one),"
                        + " the first: " + first.title(),
                "Besides the " + alertedAlone + " alerted one by one, this run found the same on " + findings.size()
                        + " more: " + ids + ". The first of them: " + first.seen(),
                first.whyItMatters(),
                sameAction ? first.actionTaken() : "Differs per resource; the first of them: " + first.actionTaken(),
                "Many resources at once usually share one cause (a definitions source, a network path, a rollout):"
                        + " look for it first. For each: " + first.operatorAction()
                        + (first.commands().isEmpty() ? "" : " The commands are the first one's; use each one's id."),
                first.commands());
    }
}
