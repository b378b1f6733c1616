@echo off
rem Mo cchc-tui trong trinh duyet web cua may (nen dung tren Windows 10: chu,
rem mau va chuot day du hon cua so dong lenh cu). Them tham so neu can.
rem Cua so nay phai mo suot luc dung ung dung; dong no la tat ung dung.
setlocal EnableExtensions DisableDelayedExpansion
if not exist "%~dp0.venv\Scripts\python.exe" goto :not_installed
chcp 65001 >nul
set "PYTHONUTF8=1"
echo Dang mo cchc-tui trong trinh duyet. Giu cua so nay mo trong luc lam viec;
echo dong cua so nay (hoac bam Ctrl+C) la tat ung dung.
"%~dp0.venv\Scripts\python.exe" -m cchc_tui serve %*
set "RC=%ERRORLEVEL%"
if not "%RC%"=="0" goto :failed
exit /b 0

:failed
echo.
echo cchc-tui dung lai voi ma loi %RC%: doc thong bao phia tren truoc khi dong cua so.
echo Kiem tra cai dat: bam dup kiem-tra.bat. Xem them HUONG-DAN.txt, muc "Khi co loi".
pause
exit /b %RC%

:not_installed
echo Chua cai dat cchc-tui trong thu muc nay:
echo "%~dp0"
echo Hay bam dup install.bat truoc (xem HUONG-DAN.txt).
pause
exit /b 1
