# Writes Microsoft Defender's status as Systems Manager custom inventory (Custom:DefenderStatus).
# The inventory association (AWS-GatherSoftwareInventory, customInventory Enabled) picks the file up; the
# defender-definitions function reads it with ssm:GetInventory. Shape: "Working with custom inventory".
$ErrorActionPreference = 'Stop'
$status = Get-MpComputerStatus
$ip = (Get-NetIPAddress -AddressFamily IPv4 | Where-Object { $_.IPAddress -notlike '127.*' -and $_.IPAddress -notlike '169.254.*' } | Select-Object -First 1).IPAddress
# A node that never updated its definitions has no date (and an age of 65535): it must still report.
$lastUpdated = ''
if ($status.AntivirusSignatureLastUpdated) { $lastUpdated = $status.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') }
$content = [ordered]@{
  AntivirusSignatureAge         = [string]$status.AntivirusSignatureAge
  AntivirusSignatureLastUpdated = $lastUpdated
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
# The agent parses the raw bytes with Go's json.Unmarshal, which rejects a byte order mark, and Windows PowerShell
# 5.1 (what aws:runPowerShellScript runs) adds one when Set-Content or Out-File is told to write UTF8: write UTF-8 without.
$json = $item | ConvertTo-Json -Depth 3
[System.IO.File]::WriteAllText((Join-Path $folder 'DefenderStatus.json'), $json, (New-Object System.Text.UTF8Encoding $false))
Write-Output "Custom:DefenderStatus written: signature age $($content.AntivirusSignatureAge) days"
