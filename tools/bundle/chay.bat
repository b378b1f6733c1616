@echo off
rem Mo cchc-tui trong cua so dong lenh. Them tham so neu can, vi du: chay.bat doctor
rem Khong doi thu muc: duong dan tuong doi (--db, -o) tinh tu thu muc dang dung.
rem Goi python.exe cua .venv bang duong dan cua tep nay (khong dung cchc-tui.exe,
rem tep do ghi duong dan tuyet doi), nen chuyen thu muc hay doi o USB van chay.
setlocal EnableExtensions DisableDelayedExpansion
if not exist "%~dp0.venv\Scripts\python.exe" goto :not_installed
chcp 65001 >nul
set "PYTHONUTF8=1"
"%~dp0.venv\Scripts\python.exe" -m cchc_tui %*
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
