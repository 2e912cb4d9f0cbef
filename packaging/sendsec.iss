; Inno Setup script: a per-user installer (no administrator rights), as council
; laptops allow. Installs into %LOCALAPPDATA%\Programs\sendsec, adds a Start menu
; entry, and opens .sendsec snapshots with sendsec. Board files stay in the user
; data folder and are never touched by an uninstall.
#define AppVersion "0.1.0"

[Setup]
AppId={{6C1E3F0A-5B7D-4E8C-9A2B-53E45EC0A001}
AppName=sendsec
AppVersion={#AppVersion}
AppPublisher=sendsec developers
DefaultDirName={localappdata}\Programs\sendsec
DefaultGroupName=sendsec
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=sendsec-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
UninstallDisplayIcon={app}\sendsec.exe

[Files]
Source: "..\dist\sendsec\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\sendsec"; Filename: "{app}\sendsec.exe"
Name: "{group}\Uninstall sendsec"; Filename: "{uninstallexe}"

[Registry]
Root: HKCU; Subkey: "Software\Classes\.sendsec"; ValueType: string; ValueData: "sendsec.snapshot"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\sendsec.snapshot"; ValueType: string; ValueData: "sendsec snapshot"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\sendsec.snapshot\shell\open\command"; ValueType: string; ValueData: """{app}\sendsec.exe"" ""%1"""

[Run]
Filename: "{app}\sendsec.exe"; Description: "Start sendsec"; Flags: nowait postinstall skipifsilent
