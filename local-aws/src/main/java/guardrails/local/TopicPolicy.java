package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who may publish to a topic, as SNS decides it under the topic's policy, enforced at the wire: moto creates no
 * AWS::SNS::TopicPolicy from a template and applies none to Publish. The policy's statements that let any AWS
 * principal publish are read for their {@code aws:PrincipalArn} condition (ArnLike); a caller whose principal
 * ({@link LocalAws#principalOf}) matches none gets AuthorizationError (403, declared for Publish in
 * sns/2010-03-31). Every caller here is of the organization, so {@code aws:PrincipalOrgID} is not re-checked.
 */
public final class TopicPolicy {

    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<Pattern> publishers;

    private TopicPolicy(List<Pattern> publishers) {
        this.publishers = publishers;
    }

    /** The publishers {@code policy} (a PolicyDocument as written, ${AWS::Partition} for aws) allows, enforced. */
    public static TopicPolicy enforce(LocalAws aws, JsonNode policy) {
        List<Pattern> publishers = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            boolean publish = statement.path("Action").toString().contains("\"sns:Publish\"");
            boolean anyAws = "*".equals(statement.path("Principal").path("AWS").asText());
            if ("Allow".equals(statement.path("Effect").asText()) && publish && anyAws) {
                JsonNode arns = statement.path("Condition").path("ArnLike").path("aws:PrincipalArn");
                if (arns.isMissingNode()) {
                    throw new IllegalArgumentException("a statement lets any principal of the organization publish: "
                            + statement);
                }
                (arns.isArray() ? arns : List.of(arns)).forEach(arn -> publishers.add(glob(arn.asText()
                        .replace("${AWS::Partition}", "aws"))));
            }
        }
        TopicPolicy enforced = new TopicPolicy(List.copyOf(publishers));
        aws.standIn().serve("Publish", call -> {
            String topic = call.formParameter("TopicArn");
            String principal = aws.principalOf(call.accessKeyId());
            if (topic != null && enforced.topics.contains(topic)
                    && enforced.publishers.stream().noneMatch(p -> p.matcher(principal).matches())) {
                return StandIn.queryError(403, "AuthorizationError", "User: " + principal
                        + " is not authorized to perform: SNS:Publish on resource: " + topic);
            }
            return call.forward().send();
        });
        return enforced;
    }

    /** Holds this topic to the policy. */
    public void on(String topicArn) {
        topics.add(topicArn);
    }

    /** IAM's ArnLike: * and ? are wildcards, within and across the ARN's fields. */
    private static Pattern glob(String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : arn.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
