; NSIS include for the Hexin Kiosk installer (electron-builder nsis.include).
; Starts the kiosk at logon for every user of the machine (the kiosk account), and a scheduled task restarts it
; every minute when it is not running (a crash or an exit with an error), as the systemd unit does on Linux.
!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "HexinKiosk" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
  nsExec::ExecToLog 'schtasks /Create /F /TN "HexinKioskWatchdog" /SC MINUTE /MO 1 /RL LIMITED /IT /TR "cmd /c tasklist /FI \"IMAGENAME eq ${APP_EXECUTABLE_FILENAME}\" | find /I \"${APP_EXECUTABLE_FILENAME}\" >NUL || start \"\" \"$INSTDIR\${APP_EXECUTABLE_FILENAME}\""'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "HexinKiosk"
  nsExec::ExecToLog 'schtasks /Delete /F /TN "HexinKioskWatchdog"'
!macroend
