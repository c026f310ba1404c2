# Writes Microsoft Defender's status as Systems Manager custom inventory (Custom:DefenderStatus).
# The inventory association (AWS-GatherSoftwareInventory, customInventory Enabled) picks the file up; the
# defender-signature-guard function reads it with ssm:GetInventory. Shape: "Working with custom inventory".
$ErrorActionPreference = 'Stop'
$status = Get-MpComputerStatus
$ip = (Get-NetIPAddress -AddressFamily IPv4 | Where-Object { $_.IPAddress -notlike '127.*' -and $_.IPAddress -notlike '169.254.*' } | Select-Object -First 1).IPAddress
$content = [ordered]@{
  AntivirusSignatureAge         = [string]$status.AntivirusSignatureAge
  AntivirusSignatureLastUpdated = $status.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
  AntivirusSignatureVersion     = [string]$status.AntivirusSignatureVersion
  AntivirusEnabled              = [string]$status.AntivirusEnabled
  RealTimeProtectionEnabled     = [string]$status.RealTimeProtectionEnabled
  AMServiceEnabled              = [string]$status.AMServiceEnabled
  ComputerName                  = $env:COMPUTERNAME
  IpAddress                     = [string]$ip
  CollectedAt                   = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}
$item = [ordered]@{ SchemaVersion = '1.0'; TypeName = 'Custom:DefenderStatus'; Content = $content }
# The agent reads custom inventory from InstanceData\<node id>\inventory\custom, one .json file per type.
$folder = Join-Path $env:ProgramData "Amazon\SSM\InstanceData\$($env:AWS_SSM_INSTANCE_ID)\inventory\custom"
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$item | ConvertTo-Json -Depth 3 | Set-Content -Encoding UTF8 -Path (Join-Path $folder 'DefenderStatus.json')
Write-Output "Custom:DefenderStatus written: signature age $($content.AntivirusSignatureAge) days"
