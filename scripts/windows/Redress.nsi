; Redress's Windows installer, built by scripts/package with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DEXE=path\Redress.exe -DICON=Redress.ico -DOUTFILE=... Redress.nsi
; A per-user install that needs no administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\Redress, a Start menu shortcut to the user's Start
; menu, the uninstaller is registered under HKCU. The uninstaller removes only
; the files it installed: vaults live elsewhere and are never touched.
Target amd64-unicode ; a 64-bit installer for a 64-bit program (and it runs under 64-bit-only Wine)
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!ifndef VERSION
  !error "VERSION is not defined"
!endif
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Redress"
!define UNINSTALLER "Uninstall Redress.exe"

Name "Redress"
Caption "Redress ${VERSION} setup"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Redress"
InstallDirRegKey HKCU "Software\Redress" "InstallDir"
BrandingText "Redress ${VERSION}"

VIProductVersion "${VERSION4}"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Redress keeps a careful, encrypted record of your dealings with children's services, on this computer only.$\r$\n$\r$\nThis installs Redress ${VERSION} for you alone; it does not need an administrator.$\r$\n$\r$\nYour vaults are kept in their own folders and are never changed by installing, updating or uninstalling."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\Redress.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start Redress"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "Redress"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "Redress ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"

Section "Redress"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=Redress.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$SMPROGRAMS\Redress.lnk" "$INSTDIR\Redress.exe" "" "$INSTDIR\Redress.exe" 0
  WriteRegStr HKCU "Software\Redress" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "Redress"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Redress"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\Redress.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\Redress.lnk"
  Delete "$INSTDIR\Redress.exe"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR" ; only when empty: nothing the user put there is removed
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\Redress"
SectionEnd
