package guardrails.shared.config;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The mode parameter overrides the template's mode; a parameter that is gone gives the template's mode back, and
 * one that cannot be read or holds something else means ALERT: the guardrail never acts on a guess. Errors are
 * those GetParameter declares (ssm/2014-11-06/service-2.json: ParameterNotFound, InternalServerError, ...), and
 * AccessDeniedException, which IAM returns for any call.
 */
class ModeSwitchTest {

    private static final String NAME = "/guardrails/G1-workspace-creation/mode";

    private static SsmClient answering(String value) {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class))).thenReturn(GetParameterResponse.builder()
                .parameter(p -> p.name(NAME).value(value).type("String")).build());
        return ssm;
    }

    private static SsmClient failing(RuntimeException error) {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class))).thenThrow(error);
        return ssm;
    }

    private static SsmException error(int status, String code) {
        return (SsmException) SsmException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void theParameterOverridesTheTemplatesModeBothWays() {
        assertEquals(Mode.ALERT, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME, answering("ALERT")).settle());
        assertEquals(Mode.REMEDIATE, ParameterModeSwitch.overriddenBy(Mode.ALERT, NAME, answering(" remediate ")).settle());
    }

    @Test
    void aParameterThatIsGoneGivesTheTemplatesMode() {
        SsmClient ssm = failing(ParameterNotFoundException.builder().statusCode(400).message("not found").build());

        assertEquals(Mode.REMEDIATE, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME, ssm).settle());
    }

    @Test
    void anythingElseThanAlertOrRemediateMeansAlert() {
        assertEquals(Mode.ALERT, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME, answering("REMEDIATE;ALERT")).settle());
        assertEquals(Mode.ALERT, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME, answering("")).settle());
    }

    @Test
    void aParameterThatCannotBeReadMeansAlert() {
        assertEquals(Mode.ALERT, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME,
                failing(error(400, "AccessDeniedException"))).settle());
        assertEquals(Mode.ALERT, ParameterModeSwitch.overriddenBy(Mode.REMEDIATE, NAME,
                failing(error(500, "InternalServerError"))).settle());
    }

    @Test
    void oneReadAMinuteAndOneModeForTheWholeInvocation() {
        SsmClient ssm = answering("REMEDIATE");
        ModeSwitch modes = ParameterModeSwitch.overriddenBy(Mode.ALERT, NAME, ssm);

        assertEquals(Mode.ALERT, modes.get(), "before the first invocation: the template's");
        modes.settle();
        modes.settle();
        modes.settle();

        assertEquals(Mode.REMEDIATE, modes.get());
        verify(ssm, times(1)).getParameter(any(GetParameterRequest.class));
    }

    @Test
    void withoutAParameterTheTemplatesModeIsFixed() {
        assertEquals(Mode.REMEDIATE, ModeSwitch.fixed(Mode.REMEDIATE).settle());
    }
}
