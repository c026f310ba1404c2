package guardrails.rdpstickiness;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * G6's decisions, pure code. The field fact (F10): RDP session hosts behind a load balancer without stickiness fail
 * one connection in a few with "unexpected server authentication certificate", since a reconnect (a new source
 * port) can land on another host; source-IP stickiness fixes it. Stickiness is off by default on a target group, and
 * a Network Load Balancer's only type is source_ip (F16); AWS does not support it on TLS target groups behind TLS
 * listeners ("Sticky sessions", Network Load Balancer guide), so a TLS one is told to pass RDP through over TCP. An RD
 * Gateway farm's group (tagged guardrails:rd-gateway) needs stickiness too: a session's two connections must reach
 * one gateway; a cookie behind an Application Load Balancer, the source address behind a Network Load Balancer.
 */
public final class RdpStickinessRules {

    public static final String GUARDRAIL = "G6-rdp-stickiness";

    /** The findings that say a problem is gone: they resolve the guardrail's Security Hub findings on the resource. */
    public static boolean isRecovery(Finding f) {
        return f.rule().equals(STICKY_AGAIN);
    }
    public static final int RDP_PORT = 3389;
    /** The protocols a Network Load Balancer forwards RDP with; HTTP(S) target groups cannot carry it. */
    static final Set<String> LAYER4 = Set.of("TCP", "UDP", "TCP_UDP", "TLS");

    public static final String NOT_STICKY = "RDP_TARGET_GROUP_NOT_STICKY";
    public static final String TLS_NOT_STICKY = "RDP_TLS_TARGET_GROUP_NOT_STICKY";
    public static final String GATEWAY_NOT_STICKY = "RD_GATEWAY_TARGET_GROUP_NOT_STICKY";
    public static final String GATEWAY_TLS_NOT_STICKY = "RD_GATEWAY_TLS_TARGET_GROUP_NOT_STICKY";
    public static final String STICKY_AGAIN = "RDP_TARGET_GROUP_STICKY_AGAIN";

    /** What G6 remembers of a target group: the level it last reported. */
    public enum Level { OK, NOT_STICKY, TLS_NOT_STICKY, GATEWAY_NOT_STICKY, GATEWAY_TLS_NOT_STICKY }

    private RdpStickinessRules() {
    }

    /**
     * A target group that carries RDP: a layer-4 protocol on port 3389, its own or a registered target's; or an RD
     * Gateway farm's group, named by its tag (RDP inside HTTPS, or UDP 3391, on any port).
     */
    public static boolean carriesRdp(TargetGroup group) {
        return group.rdGateway() || ((group.port() == RDP_PORT || group.rdpTargetPort()) && group.protocol() != null
                && LAYER4.contains(group.protocol()));
    }

    public static Level level(TargetGroup group) {
        if (!carriesRdp(group) || "true".equalsIgnoreCase(group.stickiness())) {
            return Level.OK;
        }
        boolean tls = "TLS".equals(group.protocol());
        if (group.rdGateway()) {
            return tls ? Level.GATEWAY_TLS_NOT_STICKY : Level.GATEWAY_NOT_STICKY;
        }
        return tls ? Level.TLS_NOT_STICKY : Level.NOT_STICKY;
    }

    /**
     * The stickiness a group's protocol allows ("Sticky sessions", elbv2 guides; ModifyTargetGroupAttributes refuses
     * the others with InvalidConfigurationRequest): a cookie behind an Application Load Balancer (HTTP, HTTPS),
     * the source address behind a Network Load Balancer (TCP, UDP, TCP_UDP).
     */
    public static String stickinessType(TargetGroup group) {
        return Set.of("HTTP", "HTTPS").contains(group.protocol()) ? "lb_cookie" : "source_ip";
    }

    /** A stickiness type in words: "source-IP" or "cookie (lb_cookie)". */
    public static String inWords(String type) {
        return "source_ip".equals(type) ? "source-IP" : "cookie (" + type + ")";
    }

    /** Turning on the stickiness a group's protocol allows, and what that kind means. */
    static String turnOn(TargetGroup group) {
        String type = stickinessType(group);
        return "Turn on " + inWords(type) + " stickiness (REMEDIATE mode does it). "
                + ("lb_cookie".equals(type) ? COOKIE_NOTE : TRADE_OFF);
    }

    /** The command of {@link #turnOn}. */
    static String turnOnCommand(TargetGroup group) {
        return ShellCommand.of("aws", "elbv2", "modify-target-group-attributes", "--target-group-arn", group.arn(),
                "--attributes", "Key=stickiness.enabled,Value=true", "Key=stickiness.type,Value=" + stickinessType(group));
    }

    /** What is left once stickiness is on: nothing to run, and what the chosen kind means for clients. */
    public static String afterwards(String type) {
        return "Nothing to run. " + ("source_ip".equals(type) ? TRADE_OFF
                : "Each client now keeps to one target for a day (the lb_cookie's default duration).");
    }

    /** The change that fixes the level, or none where stickiness cannot be turned on (TLS). */
    public static boolean fixable(Level level) {
        return level == Level.NOT_STICKY || level == Level.GATEWAY_NOT_STICKY;
    }

    /** The finding when the level changed since the last report (none when it did not, or for a new healthy group). */
    public static Optional<Finding> levelChange(TargetGroup group, Level before, Level now) {
        if (before == now || (before == null && now == Level.OK)) {
            return Optional.empty();
        }
        List<String> related = new ArrayList<>(group.loadBalancerArns());
        String where = "Target group " + group.name() + " (" + group.protocol() + " " + group.port()
                + (group.port() != RDP_PORT && group.rdpTargetPort() ? ", with targets registered on port 3389" : "")
                + (group.loadBalancerNames().isEmpty() ? ", behind no load balancer yet"
                : ", behind " + String.join(", ", group.loadBalancerNames())) + ")";
        String targets = group.targets().isEmpty() ? "" : " Targets: " + String.join(", ", group.targets()) + ".";
        return Optional.of(switch (now) {
            case OK -> new Finding(GUARDRAIL, STICKY_AGAIN, Severity.INFO, group.arn(), related,
                    "RDP target group " + group.name() + " is sticky again",
                    where + " now has stickiness.enabled = true (" + orDefault(group.stickinessType()) + ").",
                    WHY, "None.", "Nothing to do.");
            case NOT_STICKY -> new Finding(GUARDRAIL, NOT_STICKY, Severity.WARNING, group.arn(), related,
                    "RDP target group " + group.name() + " is not sticky: one connection in a few will fail",
                    where + " has stickiness.enabled = " + orDefault(group.stickiness()) + "." + targets,
                    WHY, "None.",
                    turnOn(group)).withCommands(turnOnCommand(group));
            case GATEWAY_NOT_STICKY -> new Finding(GUARDRAIL, GATEWAY_NOT_STICKY, Severity.WARNING, group.arn(), related,
                    "RD Gateway target group " + group.name() + " is not sticky: a session's two connections can"
                            + " reach different gateways",
                    where + " is tagged " + TargetGroup.RD_GATEWAY_TAG + " = true and has stickiness.enabled = "
                            + orDefault(group.stickiness()) + "." + targets,
                    GATEWAY_WHY, "None.",
                    turnOn(group)).withCommands(turnOnCommand(group));
            case GATEWAY_TLS_NOT_STICKY -> new Finding(GUARDRAIL, GATEWAY_TLS_NOT_STICKY, Severity.WARNING,
                    group.arn(), related,
                    "RD Gateway target group " + group.name() + " uses TLS, which cannot be sticky",
                    where + " is tagged " + TargetGroup.RD_GATEWAY_TAG + " = true and has stickiness.enabled = "
                            + orDefault(group.stickiness()) + "; AWS does not support sticky sessions on TLS target"
                            + " groups behind TLS listeners." + targets,
                    GATEWAY_WHY, "None: stickiness cannot be turned on for a TLS target group.",
                    "Let the gateways terminate TLS: forward 443 with a TCP listener to a TCP target group with"
                            + " stickiness.enabled = true and stickiness.type = source_ip, or put the farm behind an"
                            + " Application Load Balancer (HTTPS) with lb_cookie stickiness; then remove the TLS one. "
                            + TRADE_OFF);
            case TLS_NOT_STICKY -> new Finding(GUARDRAIL, TLS_NOT_STICKY, Severity.WARNING, group.arn(), related,
                    "RDP target group " + group.name() + " uses TLS, which cannot carry native RDP",
                    where + " has stickiness.enabled = " + orDefault(group.stickiness()) + "; AWS does not"
                            + " support sticky sessions on TLS target groups behind TLS listeners." + targets,
                    TLS_WHY, "None: neither stickiness nor RDP can be made to work through it.",
                    "RDP encrypts its own sessions: forward it with a TCP listener to a TCP target group on 3389"
                            + " (TLS passes through to the hosts), with stickiness.enabled = true and"
                            + " stickiness.type = source_ip, then remove the TLS one. " + TRADE_OFF);
        });
    }

    static final String WHY = "Without stickiness a reconnect (a new source port) can land on another session host,"
            + " and the RDP client fails with \"unexpected server authentication certificate\" on one connection"
            + " in a few; source-IP stickiness keeps each client on one host.";

    /**
     * MS-RDPBCGR, "Connection Sequence": the client's first PDU is a clear-text X.224 Connection Request carrying the
     * security negotiation; TLS starts only after the server's X.224 Connection Confirm (F20).
     */
    static final String TLS_WHY = "RDP does not begin with TLS: the client first sends a clear-text X.224 connection"
            + " request that negotiates security, and TLS starts only after the server answers it (MS-RDPBCGR,"
            + " connection sequence). A listener that terminates TLS waits for a TLS handshake first, so native RDP"
            + " cannot pass it at all; every connection through it fails, not one in a few.";

    /**
     * Microsoft, "Create a Remote Desktop Gateway server farm": RD Gateway uses two connections for each client
     * session, one inbound and one outbound, and a load balancer must bring both to the same gateway server.
     */
    static final String GATEWAY_WHY = "RD Gateway carries each session over two connections, one for each direction,"
            + " and both must reach the same gateway server (Microsoft, \"Create a Remote Desktop Gateway server"
            + " farm\"): without affinity the load balancer can send them to different gateways, and the session"
            + " cannot be set up unless the gateways hand it over between them.";

    static final String COOKIE_NOTE = "An Application Load Balancer sticks by cookie (lb_cookie, a day by default);"
            + " source_ip is refused on HTTP(S) target groups.";

    static final String TRADE_OFF = "Trade-off: every client behind one NAT address lands on the same host, and the"
            + " load balancer may reset stickiness when targets are registered, deregistered or change health.";

    private static String orDefault(String value) {
        return value == null ? "false (the default)" : value;
    }
}
