package guardrails.rdpstickiness;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
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
        assertTrue(finding.commands().get(0).endsWith("Key=stickiness.enabled,Value=true Key=stickiness.type,Value=source_ip")
                && finding.operatorAction().contains("NAT address"), finding.commands() + finding.operatorAction());
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

    static TargetGroup rdGateway(String protocol, String stickiness, String type) {
        return new TargetGroup(ARN, "rdgw", protocol, 443, List.of(NLB), List.of("i-0a1 port 443"), stickiness, type)
                .withTags(java.util.Map.of(TargetGroup.RD_GATEWAY_TAG, "true"));
    }

    /** An RD Gateway farm's group, named by its tag, needs stickiness of the kind its protocol allows. */
    @Test
    void rdGatewayGroupsAreJudgedByTheirTagWithTheStickinessTheirProtocolAllows() {
        assertFalse(RdpStickinessRules.carriesRdp(group("HTTPS", 443, "false")), "untagged HTTPS is not RDP");
        assertTrue(RdpStickinessRules.carriesRdp(rdGateway("HTTPS", "false", "lb_cookie")));
        assertEquals(RdpStickinessRules.Level.GATEWAY_NOT_STICKY,
                RdpStickinessRules.level(rdGateway("HTTPS", "false", "lb_cookie")));
        assertEquals(RdpStickinessRules.Level.OK, RdpStickinessRules.level(rdGateway("HTTPS", "true", "app_cookie")));
        assertEquals(RdpStickinessRules.Level.GATEWAY_NOT_STICKY,
                RdpStickinessRules.level(rdGateway("UDP", null, null)), "UDP 3391, the gateway's UDP transport");
        assertEquals(RdpStickinessRules.Level.GATEWAY_TLS_NOT_STICKY,
                RdpStickinessRules.level(rdGateway("TLS", "false", null)));
        assertEquals("lb_cookie", RdpStickinessRules.stickinessType(rdGateway("HTTPS", "false", null)));
        assertEquals("lb_cookie", RdpStickinessRules.stickinessType(rdGateway("HTTP", "false", null)));
        assertEquals("source_ip", RdpStickinessRules.stickinessType(rdGateway("TCP", "false", null)));
        assertTrue(RdpStickinessRules.fixable(RdpStickinessRules.Level.GATEWAY_NOT_STICKY));
        assertFalse(RdpStickinessRules.fixable(RdpStickinessRules.Level.GATEWAY_TLS_NOT_STICKY));
        assertTrue(rdGateway("TCP", "false", null).withTags(java.util.Map.of("guardrails:exempt", "true")).exempt());
    }

    @Test
    void theRdGatewayFindingSaysWhyAndTheCommandForItsProtocol() {
        Finding alb = RdpStickinessRules.levelChange(rdGateway("HTTPS", "false", "lb_cookie"), null,
                RdpStickinessRules.Level.GATEWAY_NOT_STICKY).orElseThrow();
        assertEquals(RdpStickinessRules.GATEWAY_NOT_STICKY, alb.rule());
        assertTrue(alb.title().startsWith("RD Gateway target group rdgw is not sticky"), alb.title());
        assertTrue(alb.commands().get(0).contains("Key=stickiness.type,Value=lb_cookie"), alb.commands().toString());
        assertTrue(alb.operatorAction().contains("source_ip is refused on HTTP(S) target groups"));
        assertTrue(alb.whyItMatters().contains("Create a Remote Desktop Gateway server farm"));
        Finding nlb = RdpStickinessRules.levelChange(rdGateway("TCP", "false", null), null,
                RdpStickinessRules.Level.GATEWAY_NOT_STICKY).orElseThrow();
        assertTrue(nlb.commands().get(0).contains("Key=stickiness.type,Value=source_ip"), nlb.commands().toString());
        Finding tls = RdpStickinessRules.levelChange(rdGateway("TLS", "false", null), null,
                RdpStickinessRules.Level.GATEWAY_TLS_NOT_STICKY).orElseThrow();
        assertEquals(RdpStickinessRules.GATEWAY_TLS_NOT_STICKY, tls.rule());
        assertTrue(tls.operatorAction().startsWith("Let the gateways terminate TLS"), tls.operatorAction());
    }
}
