package guardrails.rdpstickiness;

import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G6's rules as pure code: which target groups carry RDP, their level, and what each change says. */
class RdpStickinessRulesTest {

    static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/rdp-hosts/73e2d6bc24d8a067";
    static final String NLB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/rdp-gateway/50dc6c495c0c9188";

    static TargetGroup group(String protocol, int port, String stickiness) {
        return new TargetGroup(ARN, "rdp-hosts", protocol, port, List.of(NLB), List.of("i-0a1 port 3389"),
                stickiness, "source_ip");
    }

    @Test
    void onlyLayerFourTargetGroupsOnPort3389CarryRdp() {
        assertTrue(RdpStickinessRules.carriesRdp(group("TCP", 3389, null)));
        assertTrue(RdpStickinessRules.carriesRdp(group("TCP_UDP", 3389, null)));
        assertTrue(RdpStickinessRules.carriesRdp(group("UDP", 3389, null)));
        assertFalse(RdpStickinessRules.carriesRdp(group("TCP", 8080, null)));
        assertTrue(RdpStickinessRules.carriesRdp(group("TCP", 8080, null).withRdpTargetPort()),
                "a target registered on 3389 carries RDP");
        assertFalse(RdpStickinessRules.carriesRdp(group("HTTPS", 8443, null).withRdpTargetPort()), "not layer 4");
        assertTrue(RdpStickinessRules.carriesRdp(group("TLS", 3389, null)));
        assertEquals(false, RdpStickinessRules.carriesRdp(group("TCP", 443, null)));
        assertEquals(false, RdpStickinessRules.carriesRdp(group("HTTPS", 3389, null)));
        assertEquals(false, RdpStickinessRules.carriesRdp(group(null, 3389, null)));
    }

    @Test
    void stickinessOffOrAbsentIsNotStickyAndTlsIsItsOwnCase() {
        assertEquals(RdpStickinessRules.Level.NOT_STICKY, RdpStickinessRules.level(group("TCP", 3389, "false")));
        assertEquals(RdpStickinessRules.Level.NOT_STICKY, RdpStickinessRules.level(group("TCP", 3389, null)),
                "the default is off");
        assertEquals(RdpStickinessRules.Level.OK, RdpStickinessRules.level(group("TCP", 3389, "true")));
        assertEquals(RdpStickinessRules.Level.TLS_NOT_STICKY, RdpStickinessRules.level(group("TLS", 3389, "false")));
        assertEquals(RdpStickinessRules.Level.OK, RdpStickinessRules.level(group("HTTP", 3389, "false")),
                "not RDP: not G6's business");
    }

    @Test
    void aNonStickyGroupIsAWarningNamingItsLoadBalancerTargetsSymptomAndTradeOff() {
        Finding finding = RdpStickinessRules.levelChange(group("TCP", 3389, "false"), null,
                RdpStickinessRules.Level.NOT_STICKY).orElseThrow();

        assertEquals(RdpStickinessRules.NOT_STICKY, finding.rule());
        assertEquals(Severity.WARNING, finding.severity());
        assertEquals(ARN, finding.resourceId());
        assertEquals(List.of(NLB), finding.related());
        assertTrue(finding.seen().contains("behind rdp-gateway") && finding.seen().contains("i-0a1 port 3389"),
                finding.seen());
        assertTrue(finding.whyItMatters().contains("unexpected server authentication certificate"));
        assertTrue(finding.operatorAction().contains("Key=stickiness.type,Value=source_ip")
                && finding.operatorAction().contains("NAT address"), finding.operatorAction());
    }

    @Test
    void aTlsGroupIsToldToPassRdpThroughOverTcp() {
        Finding finding = RdpStickinessRules.levelChange(group("TLS", 3389, "false"), null,
                RdpStickinessRules.Level.TLS_NOT_STICKY).orElseThrow();

        assertEquals(RdpStickinessRules.TLS_NOT_STICKY, finding.rule());
        assertTrue(finding.operatorAction().contains("TCP listener to a TCP target group"), finding.operatorAction());
        // A terminating TLS listener cannot carry native RDP at all (its first PDU is clear-text X.224).
        assertTrue(finding.title().endsWith("uses TLS, which cannot carry native RDP"), finding.title());
        assertTrue(finding.whyItMatters().contains("clear-text X.224 connection request")
                && finding.whyItMatters().contains("cannot pass it at all"), finding.whyItMatters());
        assertFalse(finding.whyItMatters().contains("one connection in a few fails with"), finding.whyItMatters());
    }

    @Test
    void onlyAChangeIsNewsAndStickyAgainIsInfo() {
        assertEquals(Optional.empty(), RdpStickinessRules.levelChange(group("TCP", 3389, "false"),
                RdpStickinessRules.Level.NOT_STICKY, RdpStickinessRules.Level.NOT_STICKY));
        assertEquals(Optional.empty(), RdpStickinessRules.levelChange(group("TCP", 3389, "true"), null,
                RdpStickinessRules.Level.OK), "a new sticky group is not news");
        Finding again = RdpStickinessRules.levelChange(group("TCP", 3389, "true"),
                RdpStickinessRules.Level.NOT_STICKY, RdpStickinessRules.Level.OK).orElseThrow();
        assertEquals(RdpStickinessRules.STICKY_AGAIN, again.rule());
        assertEquals(Severity.INFO, again.severity());
    }

    @Test
    void loadBalancerNamesComeFromTheirArns() {
        assertEquals(List.of("rdp-gateway"), group("TCP", 3389, null).loadBalancerNames());
    }
}
