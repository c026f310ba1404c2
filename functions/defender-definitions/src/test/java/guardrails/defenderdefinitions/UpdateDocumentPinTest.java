package guardrails.defenderdefinitions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentRequest;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentHashType;
import software.amazon.awssdk.services.ssm.model.GetDocumentRequest;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * How G4 pins its document, call by call (the shapes are ssm/2014-11-06's DescribeDocument, GetDocument and
 * SendCommand): the hash read before and after the content must agree, and only that hash and version are sent.
 */
class UpdateDocumentPinTest {

    static final String DOCUMENT = "guardrails-defender-update";
    static final Map<String, List<String>> PARAMETERS = Map.of("Source", List.of("Default"));

    final SsmClient ssm = mock(SsmClient.class, CALLS_REAL_METHODS);
    final AwsDefenderGateway gateway = new AwsDefenderGateway(ssm, mock(WorkSpacesClient.class), DOCUMENT);

    static DescribeDocumentResponse described(String hash, DocumentHashType type) {
        return DescribeDocumentResponse.builder().document(DocumentDescription.builder().name(DOCUMENT)
                .documentVersion("1").hash(hash).hashType(type).build()).build();
    }

    void documentIs(String content, DescribeDocumentResponse before, DescribeDocumentResponse after) {
        doReturn(before, after, before, after).when(ssm).describeDocument(any(DescribeDocumentRequest.class));
        doReturn(GetDocumentResponse.builder().name(DOCUMENT).documentVersion("1").content(content).build())
                .when(ssm).getDocument(any(GetDocumentRequest.class));
        doReturn(SendCommandResponse.builder().build()).when(ssm).sendCommand(any(SendCommandRequest.class));
    }

    @Test
    void theDeployedDocumentIsSentByVersionAndHashAndCheckedOncePerContainer() {
        documentIs(UpdateDocument.deployed().toString(), described("a1", DocumentHashType.SHA256),
                described("a1", DocumentHashType.SHA256));

        gateway.updateDefinitions("mi-00000000000000001", PARAMETERS);
        gateway.updateDefinitions("mi-00000000000000002", PARAMETERS);

        var sent = org.mockito.ArgumentCaptor.forClass(SendCommandRequest.class);
        verify(ssm, times(2)).sendCommand(sent.capture());
        sent.getAllValues().forEach(request -> {
            assertEquals("1", request.documentVersion());
            assertEquals("a1", request.documentHash());
            assertEquals(DocumentHashType.SHA256, request.documentHashType());
        });
        verify(ssm, times(1)).getDocument(any(GetDocumentRequest.class));
        verify(ssm, times(2)).describeDocument(any(DescribeDocumentRequest.class));
    }

    @Test
    void aDocumentReplacedWhileReadIsNotTrusted() {
        documentIs(UpdateDocument.deployed().toString(), described("a1", DocumentHashType.SHA256),
                described("b2", DocumentHashType.SHA256));

        assertEquals(Optional.of("G4's update document " + DOCUMENT + " was replaced while this run read it"),
                gateway.updateDocumentProblem());
        assertThrows(DefenderGateway.DocumentNotDeployed.class,
                () -> gateway.updateDefinitions("mi-00000000000000001", PARAMETERS));
        verify(ssm, never()).sendCommand(any(SendCommandRequest.class));
    }

    @Test
    void aDeprecatedSha1HashIsNotPinned() {
        documentIs(UpdateDocument.deployed().toString(), described("a1", DocumentHashType.SHA1),
                described("a1", DocumentHashType.SHA1));

        assertTrue(gateway.updateDocumentProblem().isPresent());
    }

    @Test
    void aMissingDocumentIsNamedWithItsErrorCode() {
        doThrow(InvalidDocumentException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InvalidDocument").build()).build())
                .when(ssm).describeDocument(any(DescribeDocumentRequest.class));

        assertEquals(Optional.of("G4's update document " + DOCUMENT + " version 1 does not exist (InvalidDocument)"),
                gateway.updateDocumentProblem());
    }

    @Test
    void aDocumentReplacedAfterTheCheckIsCheckedAgainOnTheNextCall() {
        documentIs(UpdateDocument.deployed().toString(), described("a1", DocumentHashType.SHA256),
                described("a1", DocumentHashType.SHA256));
        gateway.updateDocumentProblem();
        doThrow(InvalidDocumentException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InvalidDocument").build()).build())
                .when(ssm).sendCommand(any(SendCommandRequest.class));

        assertThrows(DefenderGateway.DocumentNotDeployed.class,
                () -> gateway.updateDefinitions("mi-00000000000000001", PARAMETERS));
        gateway.updateDocumentProblem();
        verify(ssm, times(2)).getDocument(any(GetDocumentRequest.class));
    }
}
