"""Text of sign-in, owners and the fair queue (dashboard/auth.py and the run pages)."""

TEXT = {
    "auth_login": ("Log in", "로그인"),
    "auth_logout": ("Log out", "로그아웃"),
    "auth_login_title": ("Log in to see runs", "실행 기록을 보려면 로그인하세요"),
    "auth_login_needed": (
        "This CNN Lab is shared by a team or a class: log in to train, see and compare runs. "
        "The Learn pages (convolution, pooling, architecture) are open to everyone.",
        "이 CNN Lab은 팀이나 수업에서 함께 씁니다. 트레이닝하고 실행 기록을 보고 비교하려면 "
        "로그인하세요. 배우기 페이지(합성곱, 풀링, 아키텍처)는 누구나 볼 수 있습니다.",
    ),
    "auth_signed_in_as": ("Signed in as {name}", "로그인한 사용자: {name}"),
    "auth_refused_as": ("E-mail not verified: {email}", "인증되지 않은 이메일: {email}"),
    "auth_refused_title": ("Your e-mail is not verified", "이메일 주소가 인증되지 않았습니다"),
    # cnncore.store.owners.identity_from_claims's refusal
    "err_email_unverified": (
        "Your identity provider has not verified the e-mail address {email}; CNN Lab acts only as "
        "a verified e-mail. Verify it with your provider, then log out and in again.",
        "로그인 서비스가 이 이메일 주소를 인증하지 않았습니다: {email}. CNN Lab은 인증된 이메일 "
        "주소로만 사용할 수 있습니다. 로그인 서비스에서 이메일 주소를 인증한 뒤, 로그아웃했다가 "
        "다시 로그인하세요.",
    ),
    "auth_mode_open": (
        "Open mode: no sign-in; every run belongs to this machine's owner (`local`).",
        "공개 모드: 로그인 없이 사용하며, 모든 실행은 이 컴퓨터의 소유자(`local`) 것입니다.",
    ),
    "auth_mode_hosted_signed_in": (
        "Hosted mode: signed in as **{name}** (`{user}`). You may stop and delete your own runs; "
        "everyone's runs can be viewed, compared and re-run as yours.",
        "호스팅 모드: **{name}**(`{user}`) 계정으로 로그인했습니다. 멈추거나 삭제할 수 있는 것은 "
        "내 실행뿐이지만, 다른 사람의 실행도 보고 비교할 수 있고 내 실행으로 다시 실행할 수도 "
        "있습니다.",
    ),
    "auth_mode_hosted_anonymous": (
        "Hosted mode: log in to train and to see runs.",
        "호스팅 모드: 트레이닝하고 실행 기록을 보려면 로그인하세요.",
    ),
    "auth_admin": ("You are an admin: you may stop and delete anyone's runs and sweeps.",
                   "관리자입니다: 누구의 실행과 하이퍼파라미터 탐색이든 멈추거나 삭제할 수 있습니다."),
    "auth_step_locked": ("{step} · log in to open", "{step} · 로그인하면 열립니다"),
    "auth_not_yours": ("Owned by {owner}: only they or an admin may stop or delete it.",
                       "소유자 {owner}: 소유자나 관리자만 멈추거나 삭제할 수 있습니다."),
    "auth_owner_filter": ("Runs", "실행"),
    "auth_owner_mine": ("Mine", "내 실행"),
    "auth_owner_everyone": ("Everyone's", "모두의 실행"),
    "auth_col_owner": ("Owner", "소유자"),
    "auth_delete_not_yours": ("{n} of the selected runs are not yours: only their owners or an admin "
                              "may delete them.",
                              "선택한 실행 중 {n}개는 내 것이 아닙니다. 소유자나 관리자만 삭제할 수 있습니다."),
    "queue_place": ("{place} in line, about {wait}", "대기열 {place}번째, 약 {wait} 남음"),
    "queue_place_unknown": ("{place} in line", "대기열 {place}번째"),
    "queue_cancel": ("Cancel", "취소"),
    "queue_cancelled": ("Run cancelled.", "실행을 취소했습니다."),
}
