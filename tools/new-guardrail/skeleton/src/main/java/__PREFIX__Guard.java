package guardrails.__PACKAGE__;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.reporting.TrackedResources;
import guardrails.shared.reporting.Tracker;
import guardrails.shared.reporting.FindingReporter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * __NUMBER__'s part of the pipeline: the directory a RegisterWorkspaceDirectory call names, or every directory on the
 * schedule, judged by {@link __PREFIX__Rules}.
 */
public final class __PREFIX__Guard implements TrackedResources<Directory> {

    private final __PREFIX__Gateway aws;
    private final Tracker tracker;

    public __PREFIX__Guard(__PREFIX__Gateway aws, Tracker tracker) {
        this.aws = aws;
        this.tracker = tracker;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        return tracker.handle(envelope, this);
    }

    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return tracker.sweep(this, schedule);
    }

    /** The directory a RegisterWorkspaceDirectory call names, read again now (none when it is gone since). */
    @Override
    public List<Directory> named(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, "aws.workspaces", Set.of("RegisterWorkspaceDirectory"));
        JsonNode directoryId = call.requestParameters().path("directoryId");
        if (!directoryId.isTextual()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD, "missing field: directoryId");
        }
        return aws.directories().stream().filter(d -> d.directoryId().equals(directoryId.asText())).toList();
    }

    @Override
    public List<Directory> all() {
        return aws.directories();
    }

    @Override
    public String idOf(Directory directory) {
        return directory.directoryId();
    }

    @Override
    public List<Examined> examine(List<Directory> directories) {
        return directories.stream().map(d -> new Examined(d.directoryId(), false, __PREFIX__Rules.judge(d).stream()
                .map(finding -> Problem.alertOnly(finding, d.state())).toList(), closed -> Optional.empty()))
                .toList();
    }
}
