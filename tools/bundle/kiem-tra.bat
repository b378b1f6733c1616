@echo off
rem Kiem tra cai dat cchc-tui (lenh doctor): duong dan du lieu, phien ban, ban sao
rem luu gan nhat, cua so dong lenh. Cua so doi bam phim roi moi dong.
setlocal EnableExtensions DisableDelayedExpansion
if not exist "%~dp0.venv\Scripts\python.exe" goto :not_installed
chcp 65001 >nul
set "PYTHONUTF8=1"
"%~dp0.venv\Scripts\python.exe" -m cchc_tui doctor %*
set "RC=%ERRORLEVEL%"
echo.
if not "%RC%"=="0" echo Kiem tra bao loi, ma %RC%: xem HUONG-DAN.txt, muc "Khi co loi".
pause
exit /b %RC%

:not_installed
echo Chua cai dat cchc-tui trong thu muc nay:
echo "%~dp0"
echo Hay bam dup install.bat truoc (xem HUONG-DAN.txt).
pause
exit /b 1
